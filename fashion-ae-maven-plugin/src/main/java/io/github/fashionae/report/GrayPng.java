package io.github.fashionae.report;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Grey images as PNG data URIs, for images inlined in the report. ImageIO writes no time chunk. */
public final class GrayPng {

  private GrayPng() {
  }

  /** {@code pixels} (one byte each, row by row) as a {@code width × height} grey PNG. */
  public static byte[] png(byte[] pixels, int width, int height) {
    if (pixels.length != width * height) {
      throw new IllegalArgumentException("expected " + width * height + " pixels for " + width + "x" + height
          + ", found " + pixels.length);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    int[] values = new int[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      values[i] = pixels[i] & 0xff;
    }
    raster.setPixels(0, 0, width, height, values);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("this JDK has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A base64 image of 28×28 grey bytes, as in evaluation.json, as a PNG data URI. */
  public static String dataUri(String base64Pixels, int width, int height) {
    byte[] png = png(Base64.getDecoder().decode(base64Pixels), width, height);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }
}
