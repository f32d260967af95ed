package cn.yzt.ops.skf.jca;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreSpi;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.SkfException;
import cn.yzt.ops.skf.SkfLibrary;

/**
 * KeyStore "SKF": a read-only view of one token application. Alias = container name for the
 * sign key + sign certificate, {@code <container>#enc} for the encryption key handle + enc
 * certificate (TLCP presents both). Keys are {@link SkfPrivateKey} handles; the PIN is the load
 * password and is verified once, on the token, at load.
 */
public final class SkfKeyStore extends KeyStoreSpi {

    /** Suffix of the alias of a container's encryption entry. */
    public static final String ENC_SUFFIX = "#enc";

    private static final String READ_ONLY =
            "the SKF KeyStore is read-only: change the token with the ukey CLI (gen-key, import-cert, import-enc-keypair)";

    private record Entry(SkfPrivateKey key, X509Certificate certificate) {
    }

    private TokenSession session;
    private Map<String, Entry> entries = Map.of();

    public SkfKeyStore() {
    }

    /** load(null, pin): library, device and application from the yzt.skf.* system properties or defaults. */
    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IOException("the SKF KeyStore reads a token, not a stream: use load(null, pin) "
                    + "or load(SkfKeyStoreParameter)");
        }
        load(null, null, System.getProperty(TokenSelection.DEVICE_PROPERTY),
                System.getProperty(TokenSelection.APPLICATION_PROPERTY), password);
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter param) throws IOException {
        if (param == null) {
            engineLoad(null, (char[]) null);
            return;
        }
        if (!(param instanceof SkfKeyStoreParameter)) {
            throw new IllegalArgumentException("the SKF KeyStore takes an SkfKeyStoreParameter, got "
                    + param.getClass().getName());
        }
        SkfKeyStoreParameter p = (SkfKeyStoreParameter) param;
        KeyStore.ProtectionParameter prot = p.getProtectionParameter();
        if (prot != null && !(prot instanceof KeyStore.PasswordProtection)) {
            throw new IllegalArgumentException("the PIN must be a KeyStore.PasswordProtection");
        }
        char[] pin = prot == null ? null : ((KeyStore.PasswordProtection) prot).getPassword();
        load(p.library(), p.libraryPath(), p.device(), p.application(), pin);
    }

    private void load(SkfLibrary library, Path libraryPath, String device, String application, char[] pin)
            throws IOException {
        closeSession();
        TokenSession s = null;
        try {
            SkfLibrary lib = library != null ? library
                    : SkfLibrary.load(libraryPath != null ? libraryPath
                            : TokenSelection.libraryPath(null, System.getenv()));
            s = TokenSession.open(lib, device, application, pin);
            entries = Collections.unmodifiableMap(readEntries(s));
            session = s;
        } catch (SkfException | TokenSelectionException ex) {
            if (s != null) {
                s.close();
            }
            // KeyStore.load reports token problems (wrong PIN, locked, removed) as IOException.
            throw new IOException(ex.getMessage(), ex);
        }
    }

    private static Map<String, Entry> readEntries(TokenSession s) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String name : s.application.containers()) {
            Container c = s.openContainer(name);
            Optional<X509Certificate> signCert = c.certificate(true);
            if (signCert.isPresent() && c.publicKey(true).isPresent()) {
                out.put(name, new Entry(SkfPrivateKey.of(s.library, c, true), signCert.get()));
            }
            Optional<X509Certificate> encCert = c.certificate(false);
            if (encCert.isPresent() && c.publicKey(false).isPresent()) {
                out.put(name + ENC_SUFFIX, new Entry(SkfPrivateKey.of(s.library, c, false), encCert.get()));
            }
        }
        return out;
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
        entries = Map.of();
    }

    /** The handle; {@code password} is ignored (the PIN was verified at load). */
    @Override
    public Key engineGetKey(String alias, char[] password) {
        Entry e = entries.get(alias);
        return e == null ? null : e.key();
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        Entry e = entries.get(alias);
        return e == null ? null : new Certificate[] {e.certificate()};
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        Entry e = entries.get(alias);
        return e == null ? null : e.certificate();
    }

    /** Tokens keep no entry dates: the certificate's notBefore is the closest meaningful date. */
    @Override
    public Date engineGetCreationDate(String alias) {
        Entry e = entries.get(alias);
        return e == null ? null : e.certificate().getNotBefore();
    }

    /** The token already authenticated the caller: any (or no) protection parameter gets the entry. */
    @Override
    public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protParam) {
        Entry e = entries.get(alias);
        return e == null ? null : new KeyStore.PrivateKeyEntry(e.key(), new Certificate[] {e.certificate()});
    }

    @Override
    public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
        return entries.containsKey(alias) && entryClass == KeyStore.PrivateKeyEntry.class;
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineSetEntry(String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protParam) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineDeleteEntry(String alias) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineStore(KeyStore.LoadStoreParameter param) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(entries.keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public int engineSize() {
        return entries.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().certificate().equals(cert)) {
                return e.getKey();
            }
        }
        return null;
    }
}
