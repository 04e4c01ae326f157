package org.cxrlt.leaderboard.participant;

/**
 * What an enrolment in a challenge must carry, as its organizers choose. All false (nothing but a
 * team) until they say otherwise.
 *
 * @param physionetUsername     a PhysioNet username is required
 * @param credentialCertificate a credential certificate file is required ({@link Evidence#CREDENTIAL_CERTIFICATE})
 * @param duaProof              a proof of the signed data use agreement is required ({@link Evidence#DUA_PROOF})
 * @param physionetEmailMatch   a PhysioNet email is required and must equal the account's (case-insensitive)
 */
public record EnrolmentRules(boolean physionetUsername, boolean credentialCertificate, boolean duaProof,
                             boolean physionetEmailMatch) {

    public static final EnrolmentRules NONE = new EnrolmentRules(false, false, false, false);

    /** What is required, for messages: "the PhysioNet username, the credential certificate". */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (physionetUsername) {
            parts.add("the PhysioNet username");
        }
        if (physionetEmailMatch) {
            parts.add("the PhysioNet email (equal to the account's)");
        }
        if (credentialCertificate) {
            parts.add("the credential certificate");
        }
        if (duaProof) {
            parts.add("the proof of the signed data use agreement");
        }
        return parts.isEmpty() ? "nothing but a team" : String.join(", ", parts);
    }

    boolean requires(Evidence kind) {
        return switch (kind) {
            case CREDENTIAL_CERTIFICATE -> credentialCertificate;
            case DUA_PROOF -> duaProof;
        };
    }
}
