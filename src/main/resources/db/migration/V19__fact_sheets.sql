-- Fact sheets: whether a phase asks for one with each submission, and what each submission gave.
alter table phase
    add column fact_sheet text not null default 'NONE' check (fact_sheet in ('NONE', 'OPTIONAL', 'REQUIRED'));

alter table submission
    add column method_name        text,
    add column method_description text,
    add column code_url           text,
    add column paper_url          text;
