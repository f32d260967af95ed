package cn.yzt.ops.server.map;

import org.locationtech.jts.geom.Envelope;

/** A feature's row: id, plain envelope (coarse filter), sealed geometry and attributes, code index. */
record SealedFeature(long rowId, Envelope envelope, byte[] geomEnc, byte[] attrsEnc, byte[] codeIndex) {
}
