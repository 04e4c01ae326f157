package org.cxrlt.leaderboard.evaluation;

import java.util.List;
import java.util.Map;

/**
 * The published facts of CXR-LT 2024 that scoring needs: label lists in official column order
 * and the training-set positives per label, from which the head/medium/tail groups follow.
 * Task 2's order is not alphabetical ({@code Normal} before {@code Nodule}); columns are
 * always matched by name, so the order only matters for display.
 */
public final class CxrLt2024 {

    public static final String ID_COLUMN = "dicom_id";

    public static final int TRAINING_IMAGES = 258871;

    public static final List<String> TASK1_LABELS = List.of(
            "Adenopathy",
            "Atelectasis",
            "Azygos Lobe",
            "Calcification of the Aorta",
            "Cardiomegaly",
            "Clavicle Fracture",
            "Consolidation",
            "Edema",
            "Emphysema",
            "Enlarged Cardiomediastinum",
            "Fibrosis",
            "Fissure",
            "Fracture",
            "Granuloma",
            "Hernia",
            "Hydropneumothorax",
            "Infarction",
            "Infiltration",
            "Kyphosis",
            "Lobar Atelectasis",
            "Lung Lesion",
            "Lung Opacity",
            "Mass",
            "Nodule",
            "Normal",
            "Pleural Effusion",
            "Pleural Other",
            "Pleural Thickening",
            "Pneumomediastinum",
            "Pneumonia",
            "Pneumoperitoneum",
            "Pneumothorax",
            "Pulmonary Embolism",
            "Pulmonary Hypertension",
            "Rib Fracture",
            "Round(ed) Atelectasis",
            "Subcutaneous Emphysema",
            "Support Devices",
            "Tortuous Aorta",
            "Tuberculosis");

    public static final List<String> TASK2_LABELS = List.of(
            "Atelectasis",
            "Calcification of the Aorta",
            "Cardiomegaly",
            "Consolidation",
            "Edema",
            "Emphysema",
            "Enlarged Cardiomediastinum",
            "Fibrosis",
            "Fracture",
            "Hernia",
            "Infiltration",
            "Lung Lesion",
            "Lung Opacity",
            "Mass",
            "Normal",
            "Nodule",
            "Pleural Effusion",
            "Pleural Other",
            "Pleural Thickening",
            "Pneumomediastinum",
            "Pneumonia",
            "Pneumoperitoneum",
            "Pneumothorax",
            "Subcutaneous Emphysema",
            "Support Devices",
            "Tortuous Aorta");

    /** Zero-shot labels: held out of training, so they have no training counts and no group. */
    public static final List<String> TASK3_LABELS = List.of(
            "Bulla",
            "Cardiomyopathy",
            "Hilum",
            "Osteopenia",
            "Scoliosis");

    /** Positives per label among the {@value #TRAINING_IMAGES} training images. */
    public static final Map<String, Integer> TRAINING_COUNTS = Map.ofEntries(
            Map.entry("Support Devices", 86079),
            Map.entry("Lung Opacity", 77482),
            Map.entry("Cardiomegaly", 74738),
            Map.entry("Pleural Effusion", 66401),
            Map.entry("Atelectasis", 65376),
            Map.entry("Pneumonia", 46660),
            Map.entry("Edema", 37256),
            Map.entry("Normal", 34292),
            Map.entry("Enlarged Cardiomediastinum", 29628),
            Map.entry("Consolidation", 15371),
            Map.entry("Pneumothorax", 13858),
            Map.entry("Fracture", 11568),
            Map.entry("Infiltration", 10087),
            Map.entry("Rib Fracture", 8919),
            Map.entry("Nodule", 7531),
            Map.entry("Mass", 5288),
            Map.entry("Calcification of the Aorta", 4239),
            Map.entry("Hernia", 3986),
            Map.entry("Emphysema", 3661),
            Map.entry("Adenopathy", 3409),
            Map.entry("Tortuous Aorta", 3336),
            Map.entry("Pleural Thickening", 3272),
            Map.entry("Granuloma", 2965),
            Map.entry("Fissure", 2803),
            Map.entry("Lung Lesion", 2338),
            Map.entry("Tuberculosis", 2078),
            Map.entry("Subcutaneous Emphysema", 2046),
            Map.entry("Pulmonary Embolism", 1631),
            Map.entry("Fibrosis", 1169),
            Map.entry("Pulmonary Hypertension", 903),
            Map.entry("Kyphosis", 778),
            Map.entry("Infarction", 727),
            Map.entry("Pneumomediastinum", 704),
            Map.entry("Hydropneumothorax", 646),
            Map.entry("Pleural Other", 616),
            Map.entry("Pneumoperitoneum", 516),
            Map.entry("Azygos Lobe", 199),
            Map.entry("Round(ed) Atelectasis", 172),
            Map.entry("Clavicle Fracture", 168),
            Map.entry("Lobar Atelectasis", 129));

    private CxrLt2024() {
    }

    /** The labels of {@code task1}, {@code task2} or {@code task3}. */
    public static List<String> labelsOf(String task) {
        return switch (task) {
            case "task1" -> TASK1_LABELS;
            case "task2" -> TASK2_LABELS;
            case "task3" -> TASK3_LABELS;
            default -> throw new IllegalArgumentException("unknown task '" + task + "': expected task1, task2 or task3");
        };
    }
}
