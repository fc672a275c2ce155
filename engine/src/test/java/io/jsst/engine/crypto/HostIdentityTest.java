package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.Eid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIdentityTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "handshake transcript".getBytes(StandardCharsets.UTF_8);

    // RFC 8032 §7.1, TEST 1.
    private static final String RFC8032_SECRET =
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC =
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_SIGNATURE_OF_EMPTY =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void aSignatureVerifiesUnderThePublicKey() {
        HostIdentity identity = HostIdentity.generate(RANDOM);
        byte[] signature = identity.sign(MESSAGE);

        assertThat(identity.publicKey()).hasSize(32);
        assertThat(signature).hasSize(64);
        assertThat(HostIdentity.verify(identity.publicKey(), MESSAGE, signature)).isTrue();
    }

    @Test
    void aChangedMessageSignatureOrKeyDoesNotVerify() {
        HostIdentity identity = HostIdentity.generate(RANDOM);
        byte[] signature = identity.sign(MESSAGE);
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        byte[] otherSignature = signature.clone();
        otherSignature[10] ^= 1;

        assertThat(HostIdentity.verify(identity.publicKey(), otherMessage, signature)).isFalse();
        assertThat(HostIdentity.verify(identity.publicKey(), MESSAGE, otherSignature)).isFalse();
        assertThat(HostIdentity.verify(HostIdentity.generate(RANDOM).publicKey(), MESSAGE, signature)).isFalse();
    }

    @Test
    void verifyIsFalseAndNeverThrowsOnMalformedInput() {
        HostIdentity identity = HostIdentity.generate(RANDOM);
        byte[] key = identity.publicKey();
        byte[] signature = identity.sign(MESSAGE);

        assertThat(HostIdentity.verify(new byte[31], MESSAGE, signature)).isFalse();
        assertThat(HostIdentity.verify(new byte[33], MESSAGE, signature)).isFalse();
        assertThat(HostIdentity.verify(key, MESSAGE, new byte[63])).isFalse();
        assertThat(HostIdentity.verify(key, MESSAGE, new byte[65])).isFalse();
        assertThat(HostIdentity.verify(key, MESSAGE, new byte[64])).isFalse();
        assertThat(HostIdentity.verify(null, MESSAGE, signature)).isFalse();
        assertThat(HostIdentity.verify(key, null, signature)).isFalse();
        assertThat(HostIdentity.verify(key, MESSAGE, null)).isFalse();
        byte[] notAPoint = new byte[32];
        java.util.Arrays.fill(notAPoint, (byte) 0xff);
        assertThat(HostIdentity.verify(notAPoint, MESSAGE, signature)).isFalse();
    }

    @Test
    void theEidIsTheHashOfThePublicKeyAndTellsHostsApart() {
        HostIdentity a = HostIdentity.generate(RANDOM);
        HostIdentity b = HostIdentity.generate(RANDOM);

        assertThat(a.eid()).isEqualTo(Eid.ofPublicKey(a.publicKey()));
        assertThat(a.eid()).isNotEqualTo(b.eid());
        // A peer that claims a's EID but presents b's key is detected.
        assertThat(Eid.ofPublicKey(b.publicKey())).isNotEqualTo(a.eid());
    }

    @Test
    void saveThenLoadGivesTheSameIdentity(@TempDir Path dir) throws IOException {
        HostIdentity identity = HostIdentity.generate(RANDOM);
        Path file = dir.resolve("host.key");

        identity.save(file);
        HostIdentity loaded = HostIdentity.load(file);

        assertThat(loaded.eid()).isEqualTo(identity.eid());
        assertThat(loaded.publicKey()).isEqualTo(identity.publicKey());
        assertThat(HostIdentity.verify(identity.publicKey(), MESSAGE, loaded.sign(MESSAGE))).isTrue();
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(dir.toFile().list()).containsExactly("host.key");
    }

    @Test
    void saveReplacesAnExistingFileWithOwnerOnlyPermissions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("host.key");
        Files.writeString(file, "old");
        HostIdentity identity = HostIdentity.generate(RANDOM);

        identity.save(file);

        assertThat(HostIdentity.load(file).eid()).isEqualTo(identity.eid());
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void loadDerivesThePublicKeyOfTheRfc8032TestVector(@TempDir Path dir) throws IOException {
        // RFC 8410 §7: PKCS#8 v1 of an Ed25519 key is this 16-byte prefix and the 32-byte seed.
        byte[] der = HEX.parseHex("302e020100300506032b657004220420" + RFC8032_SECRET);
        Path file = dir.resolve("rfc8032.pem");
        Files.writeString(file, "comment before the block\n" + pem(der));

        HostIdentity identity = HostIdentity.load(file);

        assertThat(HEX.formatHex(identity.publicKey())).isEqualTo(RFC8032_PUBLIC);
        assertThat(HEX.formatHex(identity.sign(new byte[0]))).isEqualTo(RFC8032_SIGNATURE_OF_EMPTY);
    }

    @Test
    void loadingGarbageGivesAClearIOException(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.write(garbage, new byte[] {0, 1, 2, 3, (byte) 0xff});
        assertThatThrownBy(() -> HostIdentity.load(garbage))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("garbage")
                .hasMessageContaining("PEM");

        Path badBase64 = dir.resolve("bad-base64");
        Files.writeString(badBase64, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> HostIdentity.load(badBase64)).isInstanceOf(IOException.class);

        Path notDer = dir.resolve("not-der");
        Files.writeString(notDer, pem(new byte[] {1, 2, 3, 4, 5}));
        assertThatThrownBy(() -> HostIdentity.load(notDer)).isInstanceOf(IOException.class);

        KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
        Path wrongAlgorithm = dir.resolve("x25519.pem");
        Files.writeString(wrongAlgorithm, pem(x25519.generateKeyPair().getPrivate().getEncoded()));
        assertThatThrownBy(() -> HostIdentity.load(wrongAlgorithm)).isInstanceOf(IOException.class);

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> HostIdentity.load(empty)).isInstanceOf(IOException.class);

        assertThatThrownBy(() -> HostIdentity.load(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void toStringShowsTheEidButNotTheKey() {
        HostIdentity identity = HostIdentity.generate(RANDOM);
        assertThat(identity.toString()).contains(identity.eid().toString());
    }
}
