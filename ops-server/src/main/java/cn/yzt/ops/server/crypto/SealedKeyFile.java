package cn.yzt.ops.server.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * The default {@link KeyVault}: all server keys in one file, sealed with SM4-CBC + HMAC-SM3
 * (encrypt-then-MAC) under keys derived by PBKDF2-HMAC-SM3 from the operator's passphrase.
 * <pre>
 * "YZTKEYS1" | iterations u32 | salt[16] | iv[16] | SM4-CBC(entries) | HMAC-SM3(all before)
 * entry = purpose name (u16 + UTF-8) | version u32 | key (u16 + bytes)
 * </pre>
 * The file is replaced atomically (temp file, fsync, rename), so a crash leaves the old or the new
 * file, never half of one.
 */
public final class SealedKeyFile implements KeyVault {

    public static final int MIN_ITERATIONS = 100_000;
    private static final byte[] MAGIC = "YZTKEYS1".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT = 16;

    private final Path file;
    private final int iterations;
    private final Map<KeyPurpose, TreeMap<Integer, byte[]>> keys;

    private SealedKeyFile(Path file, int iterations, Map<KeyPurpose, TreeMap<Integer, byte[]>> keys) {
        this.file = file;
        this.iterations = iterations;
        this.keys = keys;
    }

    /** Creates a new key file with version 1 of every generated purpose; refuses to overwrite one. */
    public static SealedKeyFile create(Path file, char[] passphrase, int iterations) throws IOException {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("key file KDF iterations must be at least " + MIN_ITERATIONS);
        }
        if (passphrase.length < 12) {
            throw new IllegalArgumentException("the key passphrase must have at least 12 characters");
        }
        if (Files.exists(file)) {
            throw new IllegalStateException("key file already exists: " + file);
        }
        Map<KeyPurpose, TreeMap<Integer, byte[]>> keys = new EnumMap<>(KeyPurpose.class);
        for (KeyPurpose p : KeyPurpose.values()) {
            TreeMap<Integer, byte[]> versions = new TreeMap<>();
            // the embedded database's app password too: a new installation needs no later re-seal for it
            if (p.generated() || p == KeyPurpose.DB_APP_PASSWORD) {
                versions.put(1, newKey(p));
            }
            keys.put(p, versions);
        }
        SealedKeyFile v = new SealedKeyFile(file, iterations, keys);
        v.write(passphrase);
        return v;
    }

    /** Opens and unseals; a wrong passphrase and a damaged file give the same error. */
    public static SealedKeyFile open(Path file, char[] passphrase) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int header = MAGIC.length + 4 + SALT + Sm4Cbc.IV_LENGTH;
        if (all.length < header + 16 + Sm3Hmac.LENGTH || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not an ops-server key file: " + file);
        }
        int iterations = Bytes.readInt(all, MAGIC.length);
        if (iterations < MIN_ITERATIONS || iterations > 100_000_000) {
            throw new IllegalArgumentException("key file damaged (iterations): " + file);
        }
        byte[] salt = Arrays.copyOfRange(all, MAGIC.length + 4, MAGIC.length + 4 + SALT);
        byte[] iv = Arrays.copyOfRange(all, MAGIC.length + 4 + SALT, header);
        byte[] body = Arrays.copyOfRange(all, 0, all.length - Sm3Hmac.LENGTH);
        byte[] mac = Arrays.copyOfRange(all, all.length - Sm3Hmac.LENGTH, all.length);
        byte[] kek = Pbkdf2Sm3.derive(passphrase, salt, iterations, 48);
        try {
            byte[] expected = new Sm3Hmac(Arrays.copyOfRange(kek, 16, 48)).field(body).done();
            if (!Bytes.equal(expected, mac)) {
                throw new IllegalArgumentException("wrong passphrase or damaged key file: " + file);
            }
            byte[] plain = Sm4Cbc.decrypt(Arrays.copyOf(kek, 16), iv, Arrays.copyOfRange(body, header, body.length));
            try {
                return new SealedKeyFile(file, iterations, parse(plain));
            } finally {
                Bytes.wipe(plain);
            }
        } finally {
            Bytes.wipe(kek);
        }
    }

    /** Adds a new current version of PURPOSE and re-seals the file; returns the new version. */
    public synchronized int rotate(KeyPurpose purpose, char[] passphrase) throws IOException {
        if (purpose == KeyPurpose.DB_APP_PASSWORD) {
            throw new IllegalArgumentException(purpose + " is made by the server for its embedded database, not rotated here");
        }
        if (!purpose.generated()) {
            throw new IllegalArgumentException(purpose + " is imported with its certificate (keys import-tlcp), not generated");
        }
        return addVersion(purpose, newKey(purpose), passphrase);
    }

    /**
     * Adds {@code key} (e.g. a TLCP private key d certified by the CA) as the new current version of
     * a non-generated purpose and re-seals the file; returns the new version. The caller wipes key.
     */
    public synchronized int importKey(KeyPurpose purpose, byte[] key, char[] passphrase) throws IOException {
        if (purpose.generated()) {
            throw new IllegalArgumentException(purpose + " is generated by the server (keys rotate), not imported");
        }
        if (key.length != purpose.length()) {
            throw new IllegalArgumentException(purpose + " key must be " + purpose.length() + " bytes");
        }
        return addVersion(purpose, key.clone(), passphrase);
    }

    private int addVersion(KeyPurpose purpose, byte[] key, char[] passphrase) throws IOException {
        // Re-open with the passphrase first: a new version must not re-seal under a mistyped one.
        open(file, passphrase);
        TreeMap<Integer, byte[]> versions = keys.get(purpose);
        int id = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        versions.put(id, key);
        try {
            write(passphrase);
        } catch (IOException | RuntimeException ex) {
            versions.remove(id);
            throw ex;
        }
        return id;
    }

    @Override
    public synchronized int currentId(KeyPurpose purpose) {
        TreeMap<Integer, byte[]> versions = keys.get(purpose);
        if (versions.isEmpty()) {
            throw new IllegalStateException("key file has no " + purpose + " key yet; run ops-server keys import-tlcp");
        }
        return versions.lastKey();
    }

    @Override
    public synchronized byte[] key(KeyPurpose purpose, int id) {
        byte[] k = keys.get(purpose).get(id);
        if (k == null) {
            throw new IntegrityException("unknown key version " + purpose + "/" + id);
        }
        return k.clone();
    }

    @Override
    public synchronized Set<Integer> ids(KeyPurpose purpose) {
        return Collections.unmodifiableSet(new java.util.TreeSet<>(keys.get(purpose).keySet()));
    }

    private static byte[] newKey(KeyPurpose p) {
        if (p == KeyPurpose.LEDGER_SM2) {
            // A valid SM2 private key: 1 <= d <= n-2.
            BigInteger n = Sm2.CURVE.getN();
            BigInteger d;
            do {
                d = new BigInteger(1, Bytes.random(32));
            } while (d.signum() == 0 || d.compareTo(n.subtract(BigInteger.TWO)) > 0);
            return org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, d);
        }
        return Bytes.random(p.length());
    }

    private void write(char[] passphrase) throws IOException {
        byte[] plain = serialize();
        byte[] salt = Bytes.random(SALT);
        byte[] iv = Bytes.random(Sm4Cbc.IV_LENGTH);
        byte[] kek = Pbkdf2Sm3.derive(passphrase, salt, iterations, 48);
        byte[] out;
        try {
            byte[] ct = Sm4Cbc.encrypt(Arrays.copyOf(kek, 16), iv, plain);
            byte[] body = Bytes.concat(MAGIC, Bytes.intBytes(iterations), salt, iv, ct);
            out = Bytes.concat(body, new Sm3Hmac(Arrays.copyOfRange(kek, 16, 48)).field(body).done());
        } finally {
            Bytes.wipe(kek);
            Bytes.wipe(plain);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keys", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(out));
            ch.force(true);
        }
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: permissions are the operator's job
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private byte[] serialize() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            for (Map.Entry<KeyPurpose, TreeMap<Integer, byte[]>> e : keys.entrySet()) {
                for (Map.Entry<Integer, byte[]> v : e.getValue().entrySet()) {
                    out.writeUTF(e.getKey().name());
                    out.writeInt(v.getKey());
                    out.writeShort(v.getValue().length);
                    out.write(v.getValue());
                }
            }
        }
        return bos.toByteArray();
    }

    private static Map<KeyPurpose, TreeMap<Integer, byte[]>> parse(byte[] plain) throws IOException {
        Map<KeyPurpose, TreeMap<Integer, byte[]>> keys = new EnumMap<>(KeyPurpose.class);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            while (in.available() > 0) {
                KeyPurpose p = KeyPurpose.valueOf(in.readUTF());
                int id = in.readInt();
                byte[] k = new byte[in.readUnsignedShort()];
                in.readFully(k);
                keys.computeIfAbsent(p, x -> new TreeMap<>()).put(id, k);
            }
        }
        for (KeyPurpose p : KeyPurpose.values()) {
            if (!p.generated()) {
                keys.computeIfAbsent(p, x -> new TreeMap<>());
            } else if (!keys.containsKey(p)) {
                // A purpose added by a newer release: give it a first version on next rotation.
                throw new IllegalStateException("key file has no " + p + " key; run ops-server keys rotate " + p);
            }
        }
        return keys;
    }
}
