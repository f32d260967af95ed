package cn.yzt.ops.client.admin;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * 新建用户: account, name, personal data (stored encrypted by the server), roles (a conflicting
 * pair is explained at once, before anything is signed) and an optional certificate to bind.
 * "签名并创建" hands the form to {@link UsersViewModel#create}, which opens the signing dialog.
 */
final class CreateUserDialog extends Dialog<ButtonType> {

    CreateUserDialog(Window owner, UsersViewModel vm) {
        Messages m = vm.messages();
        initOwner(owner);
        setTitle(m.get("create.title"));
        getDialogPane().setId("createUserDialog");
        ButtonType ok = new ButtonType(m.get("create.ok"), ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(12));
        TextField username = field("newUsername");
        TextField displayName = field("newDisplayName");
        TextField idCard = field("newIdCard");
        TextField phone = field("newPhone");
        TextField email = field("newEmail");
        TextField cert = field("newCertificate");
        cert.setPromptText(m.get("create.certificate.prompt"));
        Button browse = new Button(m.get("browse"));
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            File f = fc.showOpenDialog(getDialogPane().getScene().getWindow());
            if (f != null) {
                cert.setText(f.getAbsolutePath());
            }
        });
        int row = 0;
        row = add(g, row, m.get("create.username"), username);
        row = add(g, row, m.get("create.displayName"), displayName);
        row = add(g, row, m.get("create.idCard"), idCard);
        row = add(g, row, m.get("create.phone"), phone);
        row = add(g, row, m.get("create.email"), email);
        Map<String, CheckBox> roles = new LinkedHashMap<>();
        FlowPane roleBoxes = new FlowPane(8, 4);
        for (String r : SodRules.ROLES) {
            CheckBox c = new CheckBox(m.role(r));
            c.setId("role-" + r);
            roles.put(r, c);
            roleBoxes.getChildren().add(c);
        }
        g.add(new Label(m.get("create.roles")), 0, row);
        g.add(roleBoxes, 1, row++);
        g.add(mnemonic(m.get("create.certificate"), cert), 0, row);
        g.add(new HBox(4, cert, browse), 1, row++);
        Label problem = new Label();
        problem.setId("createProblem");
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: #b00020;");
        g.add(problem, 0, row, 2, 1);
        getDialogPane().setContent(g);

        Runnable checkRoles = () -> problem.setText(SodRules.conflictWithin(selected(roles))
                .map(r -> SodRules.explain(r, m)).orElse(""));
        roles.values().forEach(c -> c.selectedProperty().addListener(o -> checkRoles.run()));
        Button okButton = (Button) getDialogPane().lookupButton(ok);
        okButton.setId("createUserOk");
        okButton.disableProperty().bind(username.textProperty().isEmpty().or(displayName.textProperty().isEmpty()));
        // keep the dialog open when the form is refused; otherwise the signing dialog takes over
        okButton.addEventFilter(ActionEvent.ACTION, e -> {
            Optional<String> refused = vm.create(new UsersViewModel.NewUser(username.getText(), displayName.getText(),
                    idCard.getText(), phone.getText(), email.getText(), selected(roles),
                    cert.getText().isBlank() ? null : Path.of(cert.getText().trim())));
            if (refused.isPresent()) {
                problem.setText(refused.get());
                e.consume();
            }
        });
        setOnShown(e -> username.requestFocus());
    }

    private static List<String> selected(Map<String, CheckBox> roles) {
        List<String> out = new ArrayList<>();
        roles.forEach((r, c) -> {
            if (c.isSelected()) {
                out.add(r);
            }
        });
        return out;
    }

    private static TextField field(String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(24);
        return f;
    }

    private static int add(GridPane g, int row, String label, TextField f) {
        g.add(mnemonic(label, f), 0, row);
        g.add(f, 1, row);
        return row + 1;
    }

    private static Label mnemonic(String text, javafx.scene.Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }
}
