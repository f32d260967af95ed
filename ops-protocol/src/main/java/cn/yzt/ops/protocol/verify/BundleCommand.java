package cn.yzt.ops.protocol.verify;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import cn.yzt.ops.protocol.evidence.EvidenceReport;
import cn.yzt.ops.protocol.evidence.EvidenceVerifier;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.TreeHead;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.VerifiedOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ops-verify bundle FILE --trust CA.pem --ledger-key KEY.pem}: offline check of one evidence bundle. */
@Command(name = "bundle")
final class BundleCommand implements Callable<Integer> {

    @ParentCommand
    private OpsVerifyCli parent;

    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "bundle.file")
    private Path file;

    @Option(names = "--trust", paramLabel = "CA.pem", required = true, descriptionKey = "opt.trust")
    private List<Path> trust;

    @Option(names = "--ledger-key", paramLabel = "KEY.pem", required = true, descriptionKey = "opt.ledgerKey")
    private Path ledgerKey;

    @Override
    public Integer call() {
        CliText t = parent.text();
        try {
            Set<X509Certificate> anchors = new HashSet<>();
            for (Path p : trust) {
                anchors.addAll(InputFiles.certificates(p));
            }
            PublicKey key = InputFiles.ledgerKey(ledgerKey);
            byte[] bundle = InputFiles.read(file);
            EvidenceReport r = new EvidenceVerifier(anchors, key).verify(bundle);
            if (!r.isVerified()) {
                String problem = r.problem().orElseThrow().name();
                parent.out().println(t.get("result.failed", t.get("problem." + problem),
                        t.orCode("detail.", r.detail()), r.detail()));
                return ExitCodes.NOT_VERIFIED;
            }
            print(t, r);
            return ExitCodes.VERIFIED;
        } catch (InputFiles.InputException ex) {
            parent.err().println(t.get(ex.key(), ex.file()));
            return ExitCodes.USAGE;
        }
    }

    private void print(CliText t, EvidenceReport r) {
        var out = parent.out();
        HexFormat hex = HexFormat.of();
        LedgerEntry e = r.entry().orElseThrow();
        Receipt rc = r.receipt().orElseThrow();
        TreeHead th = rc.signedTreeHead().treeHead();
        out.println(t.get("result.verified"));
        out.println(t.get("show.position", String.valueOf(rc.leafIndex()), String.valueOf(th.treeSize()),
                th.timestamp().toString()));
        out.println(t.get("show.leaf", hex.formatHex(rc.leafHash())));
        out.println(t.get("show.entry", e.kind().wire(), e.receivedAt().toString(), e.result()));
        if (r.operation().isPresent()) {
            VerifiedOperation op = r.operation().get();
            SignedDocument d = op.document();
            out.println(t.get("show.signer", op.signer().getSubjectX500Principal().getName(),
                    op.signingTime().toString(), op.profile().name()));
            if (d instanceof OperationDocument o) {
                out.println(t.get("show.operation", o.type(), o.operator(), o.serverId(), o.issuedAt().toString()));
                out.println(t.get("show.parameters", o.parametersJson()));
            } else if (d instanceof ApprovalDocument a) {
                out.println(t.get("show.approval", t.get("decision." + a.decision().name()), a.requestType(),
                        hex.formatHex(a.requestLeafHash()), a.operator(), a.serverId()));
            }
            out.println(t.get("show.digest", hex.formatHex(d.digest())));
        }
        for (VerifiedOperation rel : r.related()) {
            if (rel != null) {
                String what = rel.document() instanceof OperationDocument o ? o.type()
                        : t.get("decision." + ((ApprovalDocument) rel.document()).decision().name());
                out.println(t.get("show.related", what, rel.signer().getSubjectX500Principal().getName(),
                        hex.formatHex(rel.document().digest())));
            }
        }
    }
}
