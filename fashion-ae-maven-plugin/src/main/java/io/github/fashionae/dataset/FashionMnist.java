package io.github.fashionae.dataset;

import java.util.List;

/** Fashion-MNIST as the study describes it: four IDX files, 28x28 grey images, ten classes. */
public final class FashionMnist {

  public static final int ROWS = 28;
  public static final int COLUMNS = 28;
  public static final int CLASSES = 10;

  /** The images of the training set. */
  public static final int TRAIN_COUNT = 60_000;

  /** The images of the test set. */
  public static final int TEST_COUNT = 10_000;

  /** Class names by label, from the dataset's README. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  public static final IdxFileSpec TRAIN_IMAGES = new IdxFileSpec("train-images-idx3-ubyte", IdxKind.IMAGES,
      "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47_040_016L);
  public static final IdxFileSpec TRAIN_LABELS = new IdxFileSpec("train-labels-idx1-ubyte", IdxKind.LABELS,
      "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60_008L);
  public static final IdxFileSpec TEST_IMAGES = new IdxFileSpec("t10k-images-idx3-ubyte", IdxKind.IMAGES,
      "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7_840_016L);
  public static final IdxFileSpec TEST_LABELS = new IdxFileSpec("t10k-labels-idx1-ubyte", IdxKind.LABELS,
      "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10_008L);

  public static final DatasetSpec SPEC = new DatasetSpec("fashion-mnist",
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS));

  /** Where Debian's package {@code dataset-fashion-mnist} installs the files. */
  public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";

  /** The download site named in the dataset's own README (an S3 website: plain HTTP only). */
  public static final String UPSTREAM_MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

  /** The bucket the Keras/TensorFlow datasets loader downloads from. */
  public static final String KERAS_MIRROR = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

  private FashionMnist() {
  }
}
