package cn.yzt.ops.installer.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The .deb files built by -Ppackage (system property yzt.packages.dir) and a scratch-root install. */
final class Packages {

    private Packages() {
    }

    static Path dir() {
        String d = System.getProperty("yzt.packages.dir");
        if (d == null) {
            throw new IllegalStateException("yzt.packages.dir not set: run with mvn -Ppackage");
        }
        return Path.of(d);
    }

    static Path deb(String name) throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + "_") && p.toString().endsWith(".deb"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + "_*.deb in " + dir()));
        }
    }

    /**
     * A minimal system to install into: only root in passwd/group, an empty dpkg database, no
     * /etc/xdg/menus, no systemd. dpkg installs with --force-script-chrootless, so the package's
     * maintainer scripts run for real with DPKG_ROOT pointing here.
     */
    static Path scratchRoot(Path dir) throws IOException {
        Path r = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(r.resolve("etc"));
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(r.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(r.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(r.resolve("etc/gshadow"), "root:*::\n");
        Path admin = Files.createDirectories(r.resolve("var/lib/dpkg"));
        Files.createDirectories(admin.resolve("info"));
        Files.createDirectories(admin.resolve("updates"));
        Files.createDirectories(admin.resolve("triggers"));
        Files.writeString(admin.resolve("status"), "");
        Files.writeString(admin.resolve("available"), "");
        return r;
    }

    /** dpkg against the scratch root; its shared libraries are the host's (--force-depends). */
    static Proc.Result dpkg(Path root, String... args) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("dpkg", "--root=" + root,
                "--force-script-chrootless", "--force-depends", "--log=/dev/null"));
        cmd.addAll(java.util.List.of(args));
        return Proc.run(cmd, null, null, 600);
    }
}
