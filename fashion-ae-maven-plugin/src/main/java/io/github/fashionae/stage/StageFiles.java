package io.github.fashionae.stage;

/** The names of the files in a stage's folder, written by the engine and by Maven's side. */
public final class StageFiles {

  /**
   * The trained model: DL4J's ModelSerializer archive, re-packed deterministically, whose configuration names only
   * DL4J's own classes (it loads without this plugin).
   */
  public static final String MODEL = "model.zip";
  /** The model's checksum, in the format of {@code sha256sum}. */
  public static final String MODEL_SHA256 = MODEL + ".sha256";
  /** The trained model as ONNX (opset {@link #ONNX_OPSET}), for ONNX Runtime and other engines. */
  public static final String ONNX = "model.onnx";
  /** The ONNX model's checksum, in the format of {@code sha256sum}. */
  public static final String ONNX_SHA256 = ONNX + ".sha256";
  /** The ONNX operator set {@link #ONNX} uses (the default domain's). */
  public static final int ONNX_OPSET = 13;
  /** Every input, the fingerprint, final metrics and digests: sorted keys, no timestamps, no paths. */
  public static final String MODEL_CARD = "model-card.json";
  /** The training summary: the spec, per-epoch losses, the engine, the parameters' digest. */
  public static final String HISTORY = "history.json";
  /** The inputs of the last build of this stage in this folder, for "what changed" diagnostics. */
  public static final String INPUTS = "inputs.json";
  /** The stage's test metrics. */
  public static final String EVALUATION = "evaluation.json";
  /** The task as last handed to the engine JVM. */
  public static final String JOB = "job.json";
  /** Everything the engine JVM printed besides protocol lines. */
  public static final String LOG = "training.log";

  private StageFiles() {
  }
}
