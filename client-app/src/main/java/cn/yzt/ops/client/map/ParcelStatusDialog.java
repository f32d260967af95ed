package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.PlanningStatus;
import java.util.Arrays;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Picks the target planning status of a parcel (every status but the current one). */
final class ParcelStatusDialog extends Dialog<PlanningStatus> {
    ParcelStatusDialog(Messages messages, String code, PlanningStatus current) {
        setTitle(messages.get("action.status.title"));
        setHeaderText(messages.get("action.status.header", code, label(messages, current)));
        ComboBox<PlanningStatus> choice = new ComboBox<>();
        choice.setId("parcelStatusChoice");
        choice.getItems().setAll(Arrays.stream(PlanningStatus.values()).filter(s -> s != current).toList());
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(PlanningStatus s) {
                return s == null ? "" : label(messages, s);
            }

            @Override
            public PlanningStatus fromString(String s) {
                return null; // not editable
            }
        });
        choice.getSelectionModel().selectFirst();
        getDialogPane().setContent(new VBox(6, new Label(messages.get("action.status.target")), choice));
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).setId("parcelStatusOk");
        getDialogPane().lookupButton(ButtonType.CANCEL).setId("parcelStatusCancel");
        getDialogPane().setStyle(MapFonts.fxStyle());
        setResultConverter(b -> b == ButtonType.OK ? choice.getValue() : null);
    }

    static String label(Messages messages, PlanningStatus s) {
        return messages.get("planningStatus." + s.name());
    }

    /** The status an attribute value names: the server stores the Chinese name; the enum name is accepted too. */
    static Optional<PlanningStatus> parse(String value) {
        if (value == null) return Optional.empty();
        String v = value.trim();
        return Arrays.stream(PlanningStatus.values()).filter(s -> s.nameZh().equals(v) || s.name().equals(v)).findFirst();
    }
}
