-- Everything challenge-specific moves into the challenge's definition: the id column of its
-- CSV files, the rule that puts labels into head, medium and tail by training count, the
-- metrics its leaderboard shows, and per label a training count or a group given outright.
-- The defaults are CXR-LT 2024's, so that existing challenges keep what they had.

alter table challenge
    add column id_column        text   not null default 'dicom_id',
    -- the number of training images the counts are out of; only synthetic demo data uses it
    add column training_images  bigint check (training_images > 0),
    -- head: more than group_head_above training images; tail: fewer than group_tail_below
    add column group_head_above bigint not null default 25887 check (group_head_above >= 0),
    add column group_tail_below bigint not null default 2589 check (group_tail_below >= 0),
    -- comma-separated, mAP first
    add column metrics_shown    text   not null default 'mAP,mAUROC,mF1,mECE',
    add constraint challenge_group_rule_order check (group_tail_below <= group_head_above);

alter table task_label
    add column training_count bigint check (training_count >= 0),
    -- a group given outright; 'none' puts the label in no group
    add column label_group    text check (label_group in ('head', 'medium', 'tail', 'none')),
    add constraint task_label_count_or_group check (training_count is null or label_group is null);

-- Until now every label took its group from CXR-LT 2024's training counts by its name: the
-- labels of existing challenges keep those counts, and so the groups they had.
update task_label tl
set training_count = counts.training_count
from (values
    ('Support Devices', 86079),
    ('Lung Opacity', 77482),
    ('Cardiomegaly', 74738),
    ('Pleural Effusion', 66401),
    ('Atelectasis', 65376),
    ('Pneumonia', 46660),
    ('Edema', 37256),
    ('Normal', 34292),
    ('Enlarged Cardiomediastinum', 29628),
    ('Consolidation', 15371),
    ('Pneumothorax', 13858),
    ('Fracture', 11568),
    ('Infiltration', 10087),
    ('Rib Fracture', 8919),
    ('Nodule', 7531),
    ('Mass', 5288),
    ('Calcification of the Aorta', 4239),
    ('Hernia', 3986),
    ('Emphysema', 3661),
    ('Adenopathy', 3409),
    ('Tortuous Aorta', 3336),
    ('Pleural Thickening', 3272),
    ('Granuloma', 2965),
    ('Fissure', 2803),
    ('Lung Lesion', 2338),
    ('Tuberculosis', 2078),
    ('Subcutaneous Emphysema', 2046),
    ('Pulmonary Embolism', 1631),
    ('Fibrosis', 1169),
    ('Pulmonary Hypertension', 903),
    ('Kyphosis', 778),
    ('Infarction', 727),
    ('Pneumomediastinum', 704),
    ('Hydropneumothorax', 646),
    ('Pleural Other', 616),
    ('Pneumoperitoneum', 516),
    ('Azygos Lobe', 199),
    ('Round(ed) Atelectasis', 172),
    ('Clavicle Fracture', 168),
    ('Lobar Atelectasis', 129)
) as counts (label, training_count)
where tl.label = counts.label;

update challenge set training_images = 258871 where slug = 'cxr-lt-2024';
