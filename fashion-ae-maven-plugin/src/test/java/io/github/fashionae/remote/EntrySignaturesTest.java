package io.github.fashionae.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fashionae.testing.SigningKeys;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and verifying entries' SHA256SUMS, and reading keys as openssl writes them. */
class EntrySignaturesTest {

  private static final String FINGERPRINT = "ab".repeat(32);
  private static final String OTHER_FINGERPRINT = "cd".repeat(32);
  private static final byte[] SUMS = (Sha256.hex("model".getBytes(StandardCharsets.UTF_8)) + "  model.zip\n"
      + Sha256.hex("{}".getBytes(StandardCharsets.UTF_8)) + "  history.json\n").getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  private final KeyPair main = SigningKeys.generate();
  private final KeyPair stranger = SigningKeys.generate();

  private EntrySignatures.Trust trustOnly(KeyPair... pairs) throws IOException {
    StringBuilder text = new StringBuilder("# the writers whose entries we take\n");
    for (KeyPair pair : pairs) {
      text.append(SigningKeys.publicPem(pair));
    }
    return EntrySignatures.readTrust(Files.writeString(dir.resolve("trusted.pub"), text));
  }

  private EntrySignatures.Signer signer(KeyPair pair, EntrySignatures.Trust trust) throws IOException {
    return EntrySignatures.readSigner(SigningKeys.writePrivate(pair, dir.resolve("key-" + pair.hashCode() + ".pem")),
        trust);
  }

  @Test
  void anEntrySignedByATrustedKeyVerifies() throws IOException {
    EntrySignatures.Trust trust = trustOnly(stranger, main);
    byte[] signature = EntrySignatures.sign(signer(main, trust), FINGERPRINT, SUMS);

    assertThat(EntrySignatures.problem(trust, FINGERPRINT, SUMS, signature)).isEmpty();
    assertThat(new String(signature, StandardCharsets.US_ASCII)).matches(
        "fashion-ae entry signature v1\nkey [0-9a-f]{16}\ned25519 [A-Za-z0-9+/]{86}==\n");
    assertThat(trust.keys()).hasSize(2);
  }

  @Test
  void aFlippedByteInSha256sumsOrInTheSignatureDoesNotVerify() throws IOException {
    EntrySignatures.Trust trust = trustOnly(main);
    EntrySignatures.Signer signer = signer(main, trust);
    byte[] signature = EntrySignatures.sign(signer, FINGERPRINT, SUMS);
    String id = signer.publicKey().id();
    String expected = "its signature by trusted key " + id + " does not verify: SHA256SUMS or the signature was "
        + "altered, or the signature is another entry's";

    byte[] forgedSums = SUMS.clone();
    forgedSums[3] ^= 1; // another digest of model.zip
    assertThat(EntrySignatures.problem(trust, FINGERPRINT, forgedSums, signature)).contains(expected);

    byte[] forgedSignature = signature.clone();
    int inSignature = signature.length - 20;
    forgedSignature[inSignature] = (byte) (forgedSignature[inSignature] == 'A' ? 'B' : 'A');
    assertThat(EntrySignatures.problem(trust, FINGERPRINT, SUMS, forgedSignature)).contains(expected);
  }

  @Test
  void aSignatureReplayedOntoAnotherFingerprintsEntryDoesNotVerify() throws IOException {
    EntrySignatures.Trust trust = trustOnly(main);
    EntrySignatures.Signer signer = signer(main, trust);
    byte[] signature = EntrySignatures.sign(signer, FINGERPRINT, SUMS);

    // the same files and their signature, served as the entry of other inputs
    assertThat(EntrySignatures.problem(trust, OTHER_FINGERPRINT, SUMS, signature)).contains("its signature by "
        + "trusted key " + signer.publicKey().id() + " does not verify: SHA256SUMS or the signature was altered, or "
        + "the signature is another entry's");
  }

  @Test
  void anUnsignedEntryOrOneSignedByAnUntrustedKeyIsNamedSo() throws IOException {
    EntrySignatures.Trust strangers = trustOnly(stranger);
    EntrySignatures.Signer strangerSigner = signer(stranger, strangers);
    EntrySignatures.Trust trust = trustOnly(main);
    byte[] bySomeoneElse = EntrySignatures.sign(strangerSigner, FINGERPRINT, SUMS);

    assertThat(EntrySignatures.problem(trust, FINGERPRINT, SUMS, bySomeoneElse)).contains("it is signed by key "
        + strangerSigner.publicKey().id() + ", which is not among the 1 trusted keys of " + dir.resolve("trusted.pub"));
    assertThat(EntrySignatures.problem(trust, FINGERPRINT, SUMS, null)).contains("it is not signed (no "
        + "SHA256SUMS.sig)");
    assertThat(EntrySignatures.problem(trust, FINGERPRINT, SUMS, "<html>Not found</html>".getBytes(
        StandardCharsets.US_ASCII))).contains("SHA256SUMS.sig is not a signature file (expected the lines "
        + "'fashion-ae entry signature v1', 'key <16 hex digits>' and 'ed25519 <base64>')");
  }

  @Test
  void trustedKeysAreReadAsPemBlocksOrBase64LinesAndAnythingElseIsNamedWithItsLine() throws IOException {
    String base64 = Base64.getEncoder().encodeToString(main.getPublic().getEncoded());
    Path lines = Files.writeString(dir.resolve("lines.pub"), "# main\n\n" + base64 + "\n" + base64 + "\n");
    assertThat(EntrySignatures.readTrust(lines).keys()).hasSize(1);

    Path garbage = Files.writeString(dir.resolve("garbage.pub"), "# ok\nnot-a-key\n");
    assertThatThrownBy(() -> EntrySignatures.readTrust(garbage)).isInstanceOf(IOException.class).hasMessage(garbage
        + ", line 2: expected an Ed25519 public key (the base64 `openssl pkey -pubout` prints), found 'not-a-key'");

    Path privateKey = SigningKeys.writePrivate(main, dir.resolve("oops.pub"));
    assertThatThrownBy(() -> EntrySignatures.readTrust(privateKey)).hasMessage(privateKey + ", line 1: expected "
        + "Ed25519 public keys, found '-----BEGIN PRIVATE KEY-----' (a private key does not belong in a list of "
        + "trusted keys)");

    Path empty = Files.writeString(dir.resolve("empty.pub"), "# nobody yet\n");
    assertThatThrownBy(() -> EntrySignatures.readTrust(empty)).hasMessage(empty + ": expected at least one Ed25519 "
        + "public key (the lines `openssl pkey -in KEY -pubout` prints), found none");

    Path missing = dir.resolve("missing.pub");
    assertThatThrownBy(() -> EntrySignatures.readTrust(missing)).hasMessage(missing + ": no such file");
  }

  @Test
  void aSigningKeyMustBeAPrivateKeyWhosePublicHalfIsTrusted() throws IOException {
    EntrySignatures.Trust trust = trustOnly(main);
    Path strangersKey = SigningKeys.writePrivate(stranger, dir.resolve("stranger.pem"));
    assertThatThrownBy(() -> EntrySignatures.readSigner(strangersKey, trust)).hasMessage(strangersKey + ": expected "
        + "a key whose public half is among the 1 trusted keys of " + dir.resolve("trusted.pub") + ", found another "
        + "(add the line `openssl pkey -in " + strangersKey + " -pubout` prints there: a build must trust what it "
        + "signs)");

    Path publicKey = Files.writeString(dir.resolve("public.pem"), SigningKeys.publicPem(main));
    assertThatThrownBy(() -> EntrySignatures.readSigner(publicKey, trust)).hasMessage(publicKey + ": expected an "
        + "Ed25519 private key in PEM (-----BEGIN PRIVATE KEY-----), as `openssl genpkey -algorithm ed25519` writes "
        + "it, found none");

    Path encrypted = Files.writeString(dir.resolve("encrypted.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
        + "-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> EntrySignatures.readSigner(encrypted, trust)).hasMessageStartingWith(encrypted
        + ": expected an unencrypted Ed25519 private key, found an encrypted one");

    assertThat(signer(main, trust).toString()).doesNotContain("PRIVATE").contains(signer(main, trust).publicKey()
        .id());
  }

  @Test
  void keysMadeByOpensslAsTheDocsSayWork() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is installed");
    Path key = dir.resolve("signing.pem");
    Path pub = dir.resolve("trusted-keys.pub");
    run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
    run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());

    EntrySignatures.Trust trust = EntrySignatures.readTrust(pub);
    EntrySignatures.Signer signer = EntrySignatures.readSigner(key, trust);

    assertThat(EntrySignatures.problem(trust, FINGERPRINT, SUMS, EntrySignatures.sign(signer, FINGERPRINT, SUMS)))
        .isEmpty();
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
