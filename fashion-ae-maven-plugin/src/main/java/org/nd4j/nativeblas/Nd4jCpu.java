package org.nd4j.nativeblas;

/**
 * A compatibility shim for Deeplearning4j 1.0.0-M2.1, and the only class of this plugin outside its own
 * packages.
 *
 * <p>DL4J M2.1 decides whether its oneDNN layer helpers (for convolution and max-pooling) may run in
 * {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper#mklDnnEnabled()}, by reflecting on
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN()}, so the lookup fails, the failure is cached, and the helpers are silently never used.
 * This class answers the old lookup with the new binding's answer. It is on the classpath of the forked
 * training JVM only, where {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false} (DL4J's default is
 * true) completes the switch. No M2.1 jar defines this class; remove it when moving to a DL4J without the
 * stale lookup.
 */
public final class Nd4jCpu {

  private Nd4jCpu() {
  }

  /** Stands in for the old binding's environment singleton. */
  public static final class Environment {

    private static final Environment INSTANCE = new Environment();

    private Environment() {
    }

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** True when the native library may use oneDNN: helpers allowed and oneDNN on. */
    public boolean isUseMKLDNN() {
      try {
        org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment environment =
            org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance();
        return environment.helpersAllowed() && environment.isUseONEDNN();
      } catch (Throwable e) {
        return false;
      }
    }
  }
}
