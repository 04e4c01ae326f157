package org.cxrlt.leaderboard.participant;

/**
 * One file of evidence as sent or stored.
 *
 * @param fileName    the name the participant gave it (display only; never a path)
 * @param contentType the type found by its content: application/pdf, image/png or image/jpeg
 */
public record EvidenceFile(Evidence kind, String fileName, String contentType, byte[] content) {
}
