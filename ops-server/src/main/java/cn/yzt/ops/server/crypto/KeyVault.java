package cn.yzt.ops.server.crypto;

import java.util.Set;

/**
 * Where the server's keys live. The default is {@link SealedKeyFile}; a GM/T 0018 cipher machine
 * can implement the same interface later. Every purpose has numbered key versions: new data uses
 * the current one, stored data names the version it was protected with, so rotation never makes
 * old rows unreadable.
 */
public interface KeyVault {

    /** The version new data is protected with. */
    int currentId(KeyPurpose purpose);

    /** Key bytes of a version (a copy the caller may wipe); unknown versions are an integrity error. */
    byte[] key(KeyPurpose purpose, int id);

    /** All versions of a purpose, e.g. to look up a blind index computed under an older key. */
    Set<Integer> ids(KeyPurpose purpose);

    default byte[] currentKey(KeyPurpose purpose) {
        return key(purpose, currentId(purpose));
    }
}
