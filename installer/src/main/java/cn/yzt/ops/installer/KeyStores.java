package cn.yzt.ops.installer;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.security.auth.DestroyFailedException;

import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.jca.SkfKeyStoreParameter;
import cn.yzt.ops.skf.jca.SkfProvider;

/** Opens a UKEY's "SKF" KeyStore (YZT-SKF provider), logged in with the user PIN, as the console does. */
final class KeyStores {

    private KeyStores() {
    }

    /** The PIN array is not kept; the caller wipes it. */
    static KeyStore open(SkfLibrary library, String device, String application, char[] pin)
            throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("SKF", new SkfProvider());
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(pin);
        try {
            ks.load(SkfKeyStoreParameter.builder().library(library).device(device).application(application)
                    .pin(protection).build());
            return ks;
        } finally {
            try {
                protection.destroy();
            } catch (DestroyFailedException ignored) {
                // PasswordProtection wipes its own copy; nothing else to do
            }
        }
    }
}
