package cn.yzt.ops.client.approvals;

import cn.yzt.ops.client.api.Me;
import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.api.OpsApiException;
import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.client.signing.Signer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * State of 待审批: the pending dual-control requests (the user's own ones listed but not
 * decidable: "不能审批自己的申请"), and 我的申请 (the user's requests with their state). Approve and
 * reject both go through the signing dialog ({@link Signer#decide}); the server enforces the
 * four-eyes rule again. Network work in {@link Task}s on the shell's executor. FX thread only.
 */
public final class ApprovalsViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * One of the user's own requests with its state as the server reports it.
     *
     * @param resultWaiting an approved request's result (revealed data, the exported CSV) waits to be
     *                      collected once ("查看结果")
     */
    public record MyRequest(RequestItem item, String state, boolean resultWaiting) {
        public MyRequest(RequestItem item, String state) {
            this(item, state, false);
        }
    }

    /** A collected result: what the server handed out once for the request of {@code type}. */
    public record CollectedResult(String type, com.fasterxml.jackson.databind.JsonNode result) {
    }

    private final OpsApi api;
    private final Signer signer;
    private final Locale locale;
    private final Messages messages;
    private final Executor background;

    private final ObservableList<RequestItem> inbox = FXCollections.observableArrayList();
    private final ObservableList<MyRequest> mine = FXCollections.observableArrayList();
    private final ObjectProperty<RequestItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private String notice;

    public ApprovalsViewModel(OpsApi api, Signer signer, Locale locale, Executor background) {
        this.api = api;
        this.signer = signer;
        this.locale = locale;
        this.messages = new Messages(locale);
        this.background = background;
    }

    private record Loaded(List<RequestItem> inbox, List<MyRequest> mine, String note) {
    }

    /** Reloads both lists. */
    public Task<?> refresh() {
        Task<Loaded> t = new Task<>() {
            @Override
            protected Loaded call() {
                Me me = api.me();
                String note = "";
                List<PendingRequest> pending;
                try {
                    pending = api.pending();
                } catch (OpsApiException ex) {
                    if (ex.kind() != OpsApiException.Kind.FORBIDDEN) {
                        throw ex;
                    }
                    pending = List.of();
                    note = messages.get("inbox.noPermission");
                }
                List<RequestItem> in = new ArrayList<>();
                Set<String> open = new HashSet<>();
                for (PendingRequest p : pending) {
                    in.add(RequestItem.of(p, me.userId(), locale, messages));
                    open.add(p.leafHashHex());
                }
                List<MyRequest> my = new ArrayList<>();
                Instant now = Instant.now();
                for (PendingRequest p : api.mine()) {
                    RequestItem item = RequestItem.of(p, me.userId(), locale, messages);
                    String state = p.status() != null ? state(p)
                            // an older server without a status: open = still in the pending list
                            : open.contains(p.leafHashHex()) ? messages.get("state.pending")
                            : p.expiresAt().isBefore(now) ? messages.get("state.closedOrExpired")
                            : pending.isEmpty() && !note.isEmpty() ? messages.get("state.unknown")
                            : messages.get("state.decided");
                    if (p.resultWaiting()) {
                        state += messages.get("state.resultWaiting");
                    }
                    my.add(new MyRequest(item, state, p.resultWaiting()));
                }
                return new Loaded(in, my, note);
            }
        };
        t.setOnSucceeded(e -> {
            busy.set(false);
            RequestItem keep = selected.get();
            inbox.setAll(t.getValue().inbox());
            mine.setAll(t.getValue().mine());
            selected.set(keep == null ? null : inbox.stream()
                    .filter(i -> i.request().leafHashHex().equals(keep.request().leafHashHex())).findFirst().orElse(null));
            String status = t.getValue().note().isEmpty() ? messages.get("inbox.count", inbox.size()) : t.getValue().note();
            // the outcome of a decision stays in view above the fresh count
            message.set(notice == null ? status : notice + " " + status);
            notice = null;
        });
        t.setOnFailed(e -> {
            busy.set(false);
            message.set(messages.get("error.load", t.getException().getMessage()));
        });
        busy.set(true);
        background.execute(t);
        return t;
    }

    /** The server's status (pending/approved/rejected/expired) in words, with who decided. */
    String state(PendingRequest p) {
        String s = messages.getOrDefault("state." + p.status(), p.status());
        if (p.decidedBy() != null && ("approved".equals(p.status()) || "rejected".equals(p.status()))) {
            return messages.get("state.by", s, p.decidedBy());
        }
        return s;
    }

    /**
     * 查看结果: collects the result of the user's approved request once (GET .../result) and hands
     * it to {@code onResult} on the FX thread; the view shows it (never logged, never stored by the
     * console, except an audit export the user saves). Then reloads the lists.
     */
    public Task<?> takeResult(MyRequest r, java.util.function.Consumer<CollectedResult> onResult) {
        byte[] leaf = r.item().request().leafHash();
        String type = r.item().request().type();
        Task<java.util.Optional<com.fasterxml.jackson.databind.JsonNode>> t = new Task<>() {
            @Override
            protected java.util.Optional<com.fasterxml.jackson.databind.JsonNode> call() {
                return api.takeResult(leaf);
            }
        };
        t.setOnSucceeded(e -> {
            busy.set(false);
            if (t.getValue().isEmpty()) {
                notice = messages.get("result.none");
            } else {
                notice = messages.get("result.collected", r.item().request().ledgerIndex());
                onResult.accept(new CollectedResult(type, t.getValue().get()));
            }
            message.set(notice);
            refresh();
        });
        t.setOnFailed(e -> {
            busy.set(false);
            message.set(messages.get("error.result", t.getException().getMessage()));
        });
        busy.set(true);
        background.execute(t);
        return t;
    }

    /** Opens the signing dialog for approving (or rejecting) the selected request. */
    public void decide(boolean approve) {
        RequestItem item = selected.get();
        if (item == null) {
            return;
        }
        if (item.own()) {
            message.set(messages.get("own"));
            return;
        }
        if (!item.readable()) {
            message.set(messages.get("request.notDecidable"));
            return;
        }
        if (approve && !item.approvable()) {
            message.set(item.personalProblem());
            return;
        }
        busy.set(true);
        signer.decide(item.request(), approve).whenComplete((r, ex) -> {
            busy.set(false);
            if (ex == null) {
                notice = messages.get(approve ? "done.approved" : "done.rejected", r.ledgerIndex());
                message.set(notice);
                refresh();
            } else {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                message.set(cause instanceof CancellationException ? messages.get("notSigned")
                        : messages.get("error.decide", cause.getMessage()));
            }
        });
    }

    /** Shows a sentence in the message line (the result presenter's outcome). FX thread. */
    void report(String text) {
        notice = text; // stays in view above the refreshed count
        message.set(text);
    }

    public String time(Instant t) {
        return TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** The details of an item as shown under the table. */
    public String details(RequestItem i) {
        if (i == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(messages.get("detail.requester", i.requester(), i.signer())).append('\n');
        b.append(messages.get("detail.time", time(i.request().createdAt()), time(i.request().expiresAt()))).append('\n');
        b.append(messages.get("detail.what", i.description())).append('\n');
        b.append(messages.get("detail.ledger", i.request().ledgerIndex(), i.request().leafHashHex()));
        if (i.own()) {
            b.append('\n').append(messages.get("own"));
        }
        return b.toString();
    }

    public ObservableList<RequestItem> inbox() {
        return inbox;
    }

    public ObservableList<MyRequest> mine() {
        return mine;
    }

    public ObjectProperty<RequestItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public Messages messages() {
        return messages;
    }
}
