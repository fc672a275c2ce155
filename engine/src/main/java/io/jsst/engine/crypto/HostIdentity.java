package io.jsst.engine.crypto;

import io.jsst.engine.Eid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A host's long-term Ed25519 key pair (RFC 8032), which names the host by its {@link Eid}.
 *
 * <pre>
 *   generate(random) / load(file)
 *        |
 *        v
 *   HostIdentity --publicKey()--> 32 raw bytes --SHA-256--> eid()
 *        |
 *        +--sign(msg)--> 64-byte signature   ...peer: HostIdentity.verify(publicKey, msg, sig)
 *        +--save(file)-> PEM "PRIVATE KEY" (PKCS#8, RFC 5958 / RFC 8410), owner-only permissions
 * </pre>
 *
 * <p>The file format is the one {@code openssl genpkey -algorithm ed25519} writes, so keys can be made
 * and inspected with OpenSSL. Only the private key is stored; the public key is derived on load.
 *
 * <p>Instances are immutable and safe to use from several threads.
 */
public final class HostIdentity {

    /** RFC 8032 §5.1.5: a raw Ed25519 public key is 32 bytes. */
    public static final int PUBLIC_KEY_LENGTH = 32;

    /** RFC 8032 §5.1.6: an Ed25519 signature is 64 bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    /**
     * RFC 8410 §4: the DER prefix of a SubjectPublicKeyInfo holding an Ed25519 key (SEQUENCE,
     * AlgorithmIdentifier id-Ed25519 1.3.101.112, BIT STRING of 33 bytes), followed by the 32 raw bytes.
     */
    private static final byte[] X509_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    /** Refuse to read anything larger: a key file is a few hundred bytes. */
    private static final long MAX_FILE_SIZE = 64 * 1024;

    private final PrivateKey privateKey;
    /**
     * The same key for signing: Bouncy Castle's Ed25519 signs in ~0.1 ms where the JDK 17's takes
     * several, which dominated the cost of a handshake.
     */
    private final Ed25519PrivateKeyParameters signingKey;
    private final byte[] publicKey;
    private final Eid eid;

    private HostIdentity(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("an Ed25519 private key without its seed"));
        this.signingKey = new Ed25519PrivateKeyParameters(seed, 0);
        // Bouncy Castle derives the public key on the first signature and caches it: derive it now,
        // or a new host's first handshake pays a base-point multiplication (~25 us) on its critical path.
        signingKey.generatePublicKey();
        Arrays.fill(seed, (byte) 0);
        this.publicKey = rawPublicKey(publicKey);
        this.eid = Eid.ofPublicKey(this.publicKey);
    }

    /** Generates a fresh key pair from {@code random}. */
    public static HostIdentity generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = generator.generateKeyPair();
            return new HostIdentity(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519 (required since Java 15)", e);
        }
    }

    /**
     * Reads a key written by {@link #save(Path)} (or by {@code openssl genpkey -algorithm ed25519}): a PEM
     * block {@code -----BEGIN PRIVATE KEY-----} holding an Ed25519 PKCS#8 private key.
     *
     * @throws IOException if the file cannot be read, or it is not a PEM PKCS#8 Ed25519 private key (the
     *     message says what is wrong and names the file)
     */
    public static HostIdentity load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new IOException(file + ": too large for an Ed25519 private key");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        int begin = text.indexOf(PEM_BEGIN);
        int end = text.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IOException(file + ": no PEM block '" + PEM_BEGIN + "' ... '" + PEM_END + "'");
        }
        String base64 = text.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": PEM body is not base64", e);
        }
        try {
            PrivateKey privateKey =
                    KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] seed =
                    (privateKey instanceof EdECPrivateKey edec ? edec.getBytes() : Optional.<byte[]>empty())
                            .orElseThrow(() -> new IOException(file + ": not an Ed25519 private key"));
            KeyPair pair = keyPairFromSeed(seed);
            Arrays.fill(seed, (byte) 0);
            return new HostIdentity(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + ": not a PKCS#8 Ed25519 private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Writes the private key as PEM PKCS#8, replacing {@code file} if it exists. Where the file system
     * supports POSIX permissions the file is {@code rw-------}. The write goes through a temporary file in
     * the same directory, so a crash leaves either the old or the new key.
     *
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        String pem =
                PEM_BEGIN
                        + "\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded())
                        + "\n"
                        + PEM_END
                        + "\n";
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes =
                posix
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", attributes);
        try {
            Files.write(temp, pem.getBytes(StandardCharsets.US_ASCII));
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Returns this host's endpoint identifier: SHA-256 of {@link #publicKey()}. */
    public Eid eid() {
        return eid;
    }

    /** Returns a copy of the raw 32-byte Ed25519 public key (RFC 8032 §5.1.5). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Signs {@code message} with the private key, returning a 64-byte Ed25519 signature. */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, signingKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * Checks an Ed25519 signature. Returns false, and never throws, on any malformed input: null arrays, a
     * key that is not 32 bytes or not a curve point, a signature that is not 64 bytes.
     */
    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
        if (rawPublicKey == null
                || message == null
                || signature == null
                || rawPublicKey.length != PUBLIC_KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(rawPublicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HostIdentity[" + eid + "]";
    }

    private static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + PUBLIC_KEY_LENGTH
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalStateException("unexpected Ed25519 public key encoding");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    /**
     * Rebuilds the key pair from the 32-byte private seed. Java 17 has no public API to derive an Ed25519
     * public key (RFC 8032 §5.1.5), but its key generator does exactly that from 32 bytes it draws from
     * the SecureRandom; so we hand it a SecureRandom that yields the seed, then check that the generated
     * private key is the seed (if a future JDK drew differently, this fails loudly instead of silently).
     */
    private static KeyPair keyPairFromSeed(byte[] seed) throws GeneralSecurityException {
        if (seed.length != 32) {
            throw new GeneralSecurityException("Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
        KeyPair pair = generator.generateKeyPair();
        byte[] generated =
                ((EdECPrivateKey) pair.getPrivate())
                        .getBytes()
                        .orElseThrow(() -> new GeneralSecurityException("generated key has no bytes"));
        boolean same = Arrays.equals(generated, seed);
        Arrays.fill(generated, (byte) 0);
        if (!same) {
            throw new GeneralSecurityException("cannot derive the Ed25519 public key on this JDK");
        }
        return pair;
    }

    /** A SecureRandom that yields one fixed 32-byte seed; used only by {@link #keyPairFromSeed}. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("key generator drew " + bytes.length + " bytes, expected 32");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
