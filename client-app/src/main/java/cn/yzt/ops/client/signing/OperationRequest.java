package cn.yzt.ops.client.signing;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a screen asks to sign.
 *
 * @param type        the operation type, e.g. {@code user.create} (ops-protocol OperationTypes)
 * @param parameters  the parameters object exactly as it will be signed
 * @param description one plain-Chinese sentence of what this does (shown as the headline), may be null:
 *                    the dialog then renders a generic description from type and parameters
 * @param changes     optional "before → after" lines shown in the dialog (empty when not applicable)
 */
public record OperationRequest(String type, ObjectNode parameters, String description, List<Change> changes) {

    public OperationRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parameters, "parameters");
        parameters = parameters.deepCopy();
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public OperationRequest(String type, ObjectNode parameters, String description) {
        this(type, parameters, description, List.of());
    }

    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** One changed property: its label (in the UI language) and its value before and after. */
    public record Change(String label, String before, String after) {
    }
}
