package cn.yzt.ops.client.map;

import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.OperationRequest.Change;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.signing.Signer;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.PlanningStatus;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MapActions} through the console's signing dialog: map.parcel.status and
 * map.layer.publish become signed operations (WYSIWYS dialog, UKEY, receipt).
 */
public final class SignedMapActions implements MapActions {
    private final Signer signer;
    private final Messages messages;
    /** The signed description is Chinese whatever the UI language (the record's language). */
    private final Messages chinese = Messages.chinese();

    public SignedMapActions(Signer signer, Messages messages) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    @Override
    public CompletableFuture<Outcome> changeParcelStatus(String code, PlanningStatus from, PlanningStatus to) {
        ObjectNode p = StrictJson.object();
        p.put("code", code);
        p.put("from", from.name());
        p.put("to", to.name());
        String description = chinese.get("action.status.description", code, chinese.get("planningStatus." + from.name()),
                chinese.get("planningStatus." + to.name()));
        List<Change> changes = List.of(new Change(messages.get("attr.planningStatus"),
                messages.get("planningStatus." + from.name()), messages.get("planningStatus." + to.name())));
        return signer.sign(new OperationRequest(OperationTypes.MAP_PARCEL_STATUS, p, description, changes))
                .thenApply(SignedMapActions::outcome);
    }

    @Override
    public CompletableFuture<Outcome> publishLayer(LayerDescriptor layer) {
        ObjectNode p = StrictJson.object();
        p.put("layerId", layer.id());
        String description = chinese.get("action.publish.description", layer.name(chinese.locale()), layer.id());
        return signer.sign(new OperationRequest(OperationTypes.MAP_LAYER_PUBLISH, p, description))
                .thenApply(SignedMapActions::outcome);
    }

    private static Outcome outcome(SignedResult r) {
        return r.pending() ? Outcome.PENDING : Outcome.EXECUTED;
    }
}
