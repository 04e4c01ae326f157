package org.cxrlt.leaderboard.participant;

/**
 * The files an enrolment may have to carry, as a challenge's organizers choose
 * ({@link EnrolmentRules}). Each is sent in the multipart part named {@link #part()}.
 */
public enum Evidence {
    /** The certificate of a completed credentialing course (for PhysioNet: CITI "Data or Specimens Only Research"). */
    CREDENTIAL_CERTIFICATE("credentialCertificate"),
    /** Proof of the signed data use agreement (for MIMIC-CXR-JPG: the PhysioNet DUA page). */
    DUA_PROOF("duaProof");

    private final String part;

    Evidence(String part) {
        this.part = part;
    }

    public String part() {
        return part;
    }

    /** The kind sent in a multipart part or named in a path, by part name or constant name; null if none. */
    public static Evidence byName(String name) {
        for (Evidence kind : values()) {
            if (kind.part.equals(name) || kind.name().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        return null;
    }
}
