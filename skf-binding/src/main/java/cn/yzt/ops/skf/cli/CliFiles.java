package cn.yzt.ops.skf.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** Reading DER-or-PEM inputs and writing PEM (default) or DER (".der"/".cer") outputs. */
final class CliFiles {

    private CliFiles() {
    }

    /** The DER bytes of a file that holds DER or one PEM block of any type. */
    static byte[] readDerOrPem(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        byte[] bytes = Files.readAllBytes(file);
        String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
        if (!head.contains("-----BEGIN ")) {
            return bytes;
        }
        try (PemReader r = new PemReader(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            PemObject pem = r.readPemObject();
            if (pem == null) {
                throw CliException.usage("msg.file.badpem", file);
            }
            return pem.getContent();
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof CliException) {
                throw ex;
            }
            throw new CliException(ExitCodes.USAGE, ex, "msg.file.badpem", file);
        }
    }

    static boolean isDerName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".der") || n.endsWith(".cer");
    }

    static String pem(String type, byte[] der) {
        StringWriter sw = new StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return sw.toString();
    }

    /** Writes PEM, or DER when the name ends in .der/.cer. */
    static void write(Path file, String pemType, byte[] der) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new NoSuchFileException(parent.toString());
        }
        byte[] content = isDerName(file) ? der : pem(pemType, der).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, content);
    }
}
