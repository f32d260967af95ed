package cn.yzt.ops.server.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;

/** In-memory vault with random keys, so tests do not pay the key file's KDF each time. */
public final class TestVault implements KeyVault {

    private final Map<KeyPurpose, TreeMap<Integer, byte[]>> keys = new EnumMap<>(KeyPurpose.class);

    public TestVault() {
        for (KeyPurpose p : KeyPurpose.values()) {
            rotate(p);
        }
    }

    public synchronized int rotate(KeyPurpose p) {
        TreeMap<Integer, byte[]> v = keys.computeIfAbsent(p, x -> new TreeMap<>());
        int id = v.isEmpty() ? 1 : v.lastKey() + 1;
        v.put(id, Bytes.random(p.length()));
        return id;
    }

    @Override
    public synchronized int currentId(KeyPurpose purpose) {
        return keys.get(purpose).lastKey();
    }

    @Override
    public synchronized byte[] key(KeyPurpose purpose, int id) {
        byte[] k = keys.get(purpose).get(id);
        if (k == null) {
            throw new IntegrityException("unknown key " + purpose + "/" + id);
        }
        return k.clone();
    }

    @Override
    public synchronized Set<Integer> ids(KeyPurpose purpose) {
        return Set.copyOf(keys.get(purpose).keySet());
    }
}
