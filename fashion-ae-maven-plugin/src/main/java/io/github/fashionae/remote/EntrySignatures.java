package io.github.fashionae.remote;

import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ed25519 signatures of remote cache entries, with the JDK's own Ed25519 (no library). A pushing build signs each
 * entry's {@code SHA256SUMS}, which names every file's digest, together with the entry's fingerprint, so that a
 * signature proves who wrote these bytes for this fingerprint: a signature copied onto another fingerprint's entry
 * does not verify. The signature travels as the entry's {@value #FILE}:
 * <pre>
 * fashion-ae entry signature v1
 * key 3f2a9c01d4e75b66
 * ed25519 &lt;base64 of the 64-byte signature&gt;
 * </pre>
 * where the key is named by its id, the first 16 hex digits of the SHA-256 of its X.509 encoding.
 */
public final class EntrySignatures {

  /** The signature's file in an entry, beside {@code SHA256SUMS}. */
  public static final String FILE = "SHA256SUMS.sig";

  /** The most bytes a signature file may have: it has three short lines. */
  public static final int MAX_BYTES = 1024;

  private static final String ALGORITHM = "Ed25519";
  private static final String HEADER = "fashion-ae entry signature v1";
  private static final Pattern KEY_LINE = Pattern.compile("key [0-9a-f]{16}");
  private static final Pattern SIGNATURE_LINE = Pattern.compile("ed25519 [A-Za-z0-9+/]{86}==");
  private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private EntrySignatures() {
  }

  /**
   * A public key whose entries a build takes.
   *
   * @param key the Ed25519 public key
   * @param id the first 16 hex digits of the SHA-256 of its X.509 encoding
   */
  public record TrustedKey(PublicKey key, String id) {

    static TrustedKey of(PublicKey key) {
      return new TrustedKey(key, Sha256.hex(key.getEncoded()).substring(0, 16));
    }
  }

  /**
   * The keys whose entries a build takes; none: entries are not authenticated (they are still checked for
   * consistency).
   *
   * @param keys the keys, each once
   * @param source where they were read, for messages
   */
  public record Trust(List<TrustedKey> keys, String source) {

    /** No keys listed: remote entries are taken unauthenticated, as before signatures. */
    public static final Trust NONE = new Trust(List.of(), "no trusted keys");

    public Trust {
      keys = List.copyOf(keys);
    }

    /** True when keys are listed, so that only entries signed by one of them are taken. */
    public boolean authenticates() {
      return !keys.isEmpty();
    }

    Optional<TrustedKey> byId(String id) {
      return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }
  }

  /**
   * A build's signing key.
   *
   * @param key the Ed25519 private key (never logged, never in a message)
   * @param publicKey its public half, found among the trusted keys
   * @param source the file it was read from
   */
  public record Signer(PrivateKey key, TrustedKey publicKey, String source) {

    /** The key's id and file, without the key. */
    @Override
    public String toString() {
      return "Signer[key " + publicKey.id() + " from " + source + "]";
    }
  }

  /** The bytes a signature covers: a fixed header, the fingerprint, then {@code SHA256SUMS} as it is. */
  static byte[] message(String fingerprint, byte[] checksums) {
    byte[] head = (HEADER + "\nfingerprint " + fingerprint + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[head.length + checksums.length];
    System.arraycopy(head, 0, message, 0, head.length);
    System.arraycopy(checksums, 0, message, head.length, checksums.length);
    return message;
  }

  /** The signature file of the entry of {@code fingerprint} whose {@code SHA256SUMS} is {@code checksums}. */
  public static byte[] sign(Signer signer, String fingerprint, byte[] checksums) {
    byte[] signature = signBytes(signer.key(), message(fingerprint, checksums));
    return (HEADER + "\nkey " + signer.publicKey().id() + "\ned25519 " + Base64.getEncoder().encodeToString(signature)
        + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * What keeps the entry of {@code fingerprint}, whose {@code SHA256SUMS} is {@code checksums}, from being taken as
   * signed by a key {@code trust} lists; empty when it is so signed.
   *
   * @param signatureFile the entry's {@value #FILE}, or null when it has none
   */
  public static Optional<String> problem(Trust trust, String fingerprint, byte[] checksums, byte[] signatureFile) {
    if (signatureFile == null) {
      return Optional.of("it is not signed (no " + FILE + ")");
    }
    String text = new String(signatureFile, StandardCharsets.US_ASCII);
    List<String> lines = text.lines().toList();
    if (signatureFile.length > MAX_BYTES || lines.size() != 3 || !text.endsWith("\n") || !lines.get(0).equals(HEADER)
        || !KEY_LINE.matcher(lines.get(1)).matches() || !SIGNATURE_LINE.matcher(lines.get(2)).matches()) {
      return Optional.of(FILE + " is not a signature file (expected the lines '" + HEADER + "', 'key <16 hex "
          + "digits>' and 'ed25519 <base64>')");
    }
    String id = lines.get(1).substring("key ".length());
    Optional<TrustedKey> key = trust.byId(id);
    if (key.isEmpty()) {
      return Optional.of("it is signed by key " + id + ", which is not among the " + trust.keys().size()
          + " trusted keys of " + trust.source());
    }
    byte[] signature = Base64.getDecoder().decode(lines.get(2).substring("ed25519 ".length()));
    if (!verifies(key.get().key(), message(fingerprint, checksums), signature)) {
      return Optional.of("its signature by trusted key " + id + " does not verify: SHA256SUMS or the signature "
          + "was altered, or the signature is another entry's");
    }
    return Optional.empty();
  }

  /**
   * Reads the public keys of a trusted-keys file: each key either as the PEM block {@code openssl pkey -pubout}
   * prints or as its base64 on one line; blank lines and lines starting with {@code #} are skipped.
   *
   * @throws IOException naming the file (and the line) and what was expected, when it cannot be read or holds
   *     anything but Ed25519 public keys, or none
   */
  public static Trust readTrust(Path file) throws IOException {
    List<String> lines = readKeyFile(file).lines().toList();
    Map<String, TrustedKey> keys = new LinkedHashMap<>();
    StringBuilder block = null;
    int blockStart = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int number = i + 1;
      if (block != null) {
        if (line.equals("-----END PUBLIC KEY-----")) {
          add(keys, publicKey(file, blockStart, block.toString()));
          block = null;
        } else {
          block.append(line);
        }
      } else if (line.equals("-----BEGIN PUBLIC KEY-----")) {
        block = new StringBuilder();
        blockStart = number;
      } else if (line.startsWith("-----BEGIN ")) {
        throw new IOException(String.format(Locale.ROOT, "%s, line %d: expected Ed25519 public keys, found '%s' "
            + "(a private key does not belong in a list of trusted keys)", file, number, line));
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        add(keys, publicKey(file, number, line));
      }
    }
    if (block != null) {
      throw new IOException(String.format(Locale.ROOT, "%s, line %d: the PEM block has no -----END PUBLIC KEY-----",
          file, blockStart));
    }
    if (keys.isEmpty()) {
      throw new IOException(file + ": expected at least one Ed25519 public key (the lines `openssl pkey -in KEY "
          + "-pubout` prints), found none");
    }
    return new Trust(new ArrayList<>(keys.values()), file.toString());
  }

  /**
   * Reads a signing key: an unencrypted PKCS#8 Ed25519 private key in PEM, as {@code openssl genpkey -algorithm
   * ed25519} writes it. Its public half must be one of {@code trust}'s keys, which is how it is found (the JDK does
   * not derive it) and how the build knows that readers can take what it signs.
   *
   * @throws IOException naming the file and what was expected, when it is not such a key or its public key is not
   *     trusted
   */
  public static Signer readSigner(Path file, Trust trust) throws IOException {
    String text = readKeyFile(file);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IOException(file + ": expected an unencrypted Ed25519 private key, found an encrypted one (protect "
          + "the file by its permissions or your CI's secret store instead)");
    }
    int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(file + ": expected an Ed25519 private key in PEM (-----BEGIN PRIVATE KEY-----), as "
          + "`openssl genpkey -algorithm ed25519` writes it, found none");
    }
    PrivateKey key;
    try {
      byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
      key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IOException(file + ": expected an Ed25519 private key in PEM, found a key that is not one ("
          + e.getMessage() + ")");
    }
    if (!trust.authenticates()) {
      throw new IOException(file + ": a signing key needs the list of trusted keys that holds its public key "
          + "(fashionae.remoteCache.trustedKeys), and none is given");
    }
    byte[] probe = "fashion-ae signing key check".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signBytes(key, probe);
    for (TrustedKey candidate : trust.keys()) {
      if (verifies(candidate.key(), probe, signature)) {
        return new Signer(key, candidate, file.toString());
      }
    }
    throw new IOException(file + ": expected a key whose public half is among the " + trust.keys().size()
        + " trusted keys of " + trust.source() + ", found another (add the line `openssl pkey -in " + file
        + " -pubout` prints there: a build must trust what it signs)");
  }

  private static String readKeyFile(Path file) throws IOException {
    try {
      if (Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw new IOException(String.format(Locale.ROOT, "%s: expected a key file of at most %,d bytes, found %,d",
            file, MAX_KEY_FILE_BYTES, Files.size(file)));
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file + ": expected ASCII key text (PEM or base64), found other bytes", e);
    }
  }

  private static void add(Map<String, TrustedKey> keys, TrustedKey key) {
    keys.putIfAbsent(key.id(), key);
  }

  private static TrustedKey publicKey(Path file, int line, String base64) throws IOException {
    try {
      return TrustedKey.of(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(base64))));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      String shown = base64.length() > 40 ? base64.substring(0, 40) + "…" : base64;
      throw new IOException(String.format(Locale.ROOT, "%s, line %d: expected an Ed25519 public key (the base64 "
          + "`openssl pkey -pubout` prints), found '%s'", file, line, shown));
    }
  }

  private static byte[] signBytes(PrivateKey key, byte[] message) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign with Ed25519", e);
    }
  }

  private static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
