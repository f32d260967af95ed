package cn.yzt.ops.client.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;

/**
 * The receipts this console received, one canonical JSON file each under the records directory
 * ({@code ConsoleConfig.recordsDir()}):
 * <pre>{"description":"...","entry":"base64","receipt":{...},"savedAt":"...Z","server":"https://...","type":"user.create","v":1}</pre>
 * Written atomically (temp file + move) so a crash never leaves half a record. Thread-safe.
 */
public final class ReceiptStore {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;

    public ReceiptStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Stores one receipt and returns its file. */
    public synchronized Path save(String server, String type, String description, Receipt receipt, byte[] entry) {
        Instant now = Instant.now();
        ObjectNode o = StrictJson.object();
        o.put("v", 1);
        o.put("server", server);
        o.put("type", type);
        o.put("description", description == null ? "" : description);
        o.put("savedAt", now.toString());
        o.put("entry", Base64.getEncoder().encodeToString(entry));
        o.set("receipt", receipt.toJsonNode());
        String safeType = type.replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = dir.resolve(NAME.format(now) + "-" + receipt.leafIndex() + "-" + safeType + ".json");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".receipt", ".tmp");
            Files.write(tmp, StrictJson.canonical(o));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** All stored receipts, newest first; unreadable files are skipped (listed by {@link #unreadable()}). */
    public List<StoredReceipt> list() {
        List<StoredReceipt> out = new ArrayList<>();
        for (Path f : files()) {
            read(f).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(StoredReceipt::savedAt).reversed());
        return out;
    }

    /** Files in the directory that are not valid receipts (tampered or truncated). */
    public List<Path> unreadable() {
        List<Path> out = new ArrayList<>();
        for (Path f : files()) {
            if (read(f).isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Reads one file; empty when it is not a well-formed receipt record. */
    public Optional<StoredReceipt> read(Path f) {
        try {
            ObjectNode o = StrictJson.parseCanonicalObject(Files.readAllBytes(f));
            Receipt r = Receipt.fromJson(StrictJson.objectMember(o, "receipt"));
            return Optional.of(new StoredReceipt(f, StrictJson.text(o, "server"), StrictJson.text(o, "type"),
                    StrictJson.text(o, "description"), Instant.parse(StrictJson.text(o, "savedAt")), r,
                    StrictJson.base64(o, "entry")));
        } catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /**
     * Re-verifies offline: the entry's leaf hash, the inclusion proof and the tree-head signature
     * with the ledger public key. Empty = verified.
     */
    public static Optional<LedgerProblem> verify(StoredReceipt r, ReceiptVerifier verifier) {
        return verifier.verify(r.receipt(), r.entry());
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(out::add);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
