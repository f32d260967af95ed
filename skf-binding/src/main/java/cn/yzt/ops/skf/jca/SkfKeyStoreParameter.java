package cn.yzt.ops.skf.jca;

import java.nio.file.Path;
import java.security.KeyStore;

import cn.yzt.ops.skf.SkfLibrary;

/**
 * Where the "SKF" KeyStore finds its token: a library (loaded or by path), a device and an
 * application (null = the only one), and the user PIN as a {@link KeyStore.PasswordProtection}
 * (null = no login: certificates readable, signing refused by the token). The caller owns and
 * destroys the protection.
 */
public final class SkfKeyStoreParameter implements KeyStore.LoadStoreParameter {

    private final SkfLibrary library;
    private final Path libraryPath;
    private final String device;
    private final String application;
    private final KeyStore.ProtectionParameter protection;

    private SkfKeyStoreParameter(Builder b) {
        this.library = b.library;
        this.libraryPath = b.libraryPath;
        this.device = b.device;
        this.application = b.application;
        this.protection = b.protection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The loaded library, or null when {@link #libraryPath()} (or the defaults) decide. */
    public SkfLibrary library() {
        return library;
    }

    public Path libraryPath() {
        return libraryPath;
    }

    public String device() {
        return device;
    }

    public String application() {
        return application;
    }

    @Override
    public KeyStore.ProtectionParameter getProtectionParameter() {
        return protection;
    }

    /** Configuration for {@link SkfKeyStoreParameter}. */
    public static final class Builder {
        private SkfLibrary library;
        private Path libraryPath;
        private String device;
        private String application;
        private KeyStore.ProtectionParameter protection;

        private Builder() {
        }

        public Builder library(SkfLibrary value) {
            this.library = value;
            return this;
        }

        public Builder library(Path value) {
            this.libraryPath = value;
            return this;
        }

        public Builder device(String value) {
            this.device = value;
            return this;
        }

        public Builder application(String value) {
            this.application = value;
            return this;
        }

        /** Only {@link KeyStore.PasswordProtection} (the user PIN) is supported. */
        public Builder pin(KeyStore.PasswordProtection value) {
            this.protection = value;
            return this;
        }

        public SkfKeyStoreParameter build() {
            return new SkfKeyStoreParameter(this);
        }
    }
}
