package io.github.fashionae.dataset;

/**
 * An images file and its labels file, checked to belong together (same count, labels in 0..9).
 *
 * @param images the images
 * @param labels one label per image, each in {@code 0..FashionMnist.CLASSES-1}
 */
public record LabeledImages(IdxImages images, byte[] labels) {

  public int count() {
    return images.count();
  }

  public int label(int index) {
    return labels[index];
  }
}
