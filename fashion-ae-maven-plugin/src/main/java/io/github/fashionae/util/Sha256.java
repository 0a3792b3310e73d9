package io.github.fashionae.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hexadecimal, the form the study and the manifests use. */
public final class Sha256 {

  private Sha256() {
  }

  /** A new SHA-256 digest; every Java platform has one. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime has no SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String hex(byte[] data) {
    MessageDigest digest = newDigest();
    digest.update(data);
    return hex(digest);
  }

  /** SHA-256 of a file's bytes, streamed. */
  public static String ofFile(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return hex(digest);
  }

  /** True for a 64-character lower-case hexadecimal string. */
  public static boolean isValidHex(String value) {
    return value != null && value.matches("[0-9a-f]{64}");
  }
}
