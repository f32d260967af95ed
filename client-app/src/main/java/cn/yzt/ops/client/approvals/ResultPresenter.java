package cn.yzt.ops.client.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Shows what an approved request returned to its requester, collected once: the revealed personal
 * data in a read-only, copyable dialog; the server's audit export (its CSV, the bytes whose SM3 the
 * ledger holds) saved to a file the user picks. Nothing of it is logged or kept by the console.
 */
final class ResultPresenter {
    private ResultPresenter() {
    }

    static void present(Window owner, Messages m, ApprovalsViewModel.CollectedResult r,
            Function<Window, Path> csvTarget, Consumer<String> report) {
        JsonNode v = r.result();
        if (v.hasNonNull("csv")) {
            Path target = csvTarget.apply(owner);
            if (target == null) {
                return;
            }
            try {
                saveCsv(target, v);
                report.accept(m.get("result.exportSaved", target, v.path("sm3").asText("")));
            } catch (IOException ex) {
                report.accept(m.get("result.exportFailed", ex.getMessage()));
            }
            return;
        }
        String header = "user.reveal".equals(r.type()) ? m.get("result.reveal", v.path("username").asText(""))
                : m.get("result.other");
        show(owner, m.get("result.title"), header, text(v));
    }

    /** Writes the server's CSV exactly as sent (its SM3 is what the ledger recorded). */
    static void saveCsv(Path target, JsonNode result) throws IOException {
        if (target.toAbsolutePath().getParent() != null) {
            Files.createDirectories(target.toAbsolutePath().getParent());
        }
        Files.write(target, result.get("csv").asText().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** One "name: value" line per member. */
    static String text(JsonNode v) {
        StringBuilder b = new StringBuilder();
        v.fields().forEachRemaining(e -> b.append(e.getKey()).append(": ")
                .append(e.getValue().isNull() ? "" : e.getValue().asText()).append('\n'));
        return b.toString();
    }

    static Alert show(Window owner, String title, String header, String text) {
        TextArea area = new TextArea(text);
        area.setId("resultText");
        area.setEditable(false); // selectable and copyable, not editable
        area.setWrapText(true);
        Alert a = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        a.setTitle(title);
        a.setHeaderText(header);
        a.getDialogPane().setContent(area);
        if (owner != null) {
            a.initOwner(owner);
        }
        a.initModality(Modality.WINDOW_MODAL);
        a.show();
        return a;
    }

    static Path chooseCsv(Window owner) {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        fc.setInitialFileName("audit-export.csv");
        var f = fc.showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }
}
