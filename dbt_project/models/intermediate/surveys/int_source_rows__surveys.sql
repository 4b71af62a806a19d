{#- The source rows behind every cell of catalog section F (int_schoolverlaters__items: a respondent who
    answered the item, one row of the school-leaver survey), counted per source file (macro source_row_counts):
    the respondents of the cell's profielgroep and leerweg (NULL = bb+kb+gl), in the numerator those answering
    4 or 5. The values are weighted sums (weegfactor), so they are not these row counts. -#}
with classes as (
    select indicator_id, meting, leerweg, profielgroep, is_positief, _source_file, count(*) as n_rows
    from {{ ref('int_schoolverlaters__items') }}
    where profielgroep in ('techniek', 'niet-techniek')
    group by all
),

-- every answer at its leerweg and in the bb+kb+gl total (lw NULL)
answers as (
    select *, leerweg as lw from classes
    union all
    select *, cast(null as string) as lw from classes where leerweg in ('bb', 'kb', 'gl')
),

rows_per_cell as (
    select indicator_id, meting as schooljaar, lw as leerweg, 'profielgroep' as breakdown,
        profielgroep as breakdown_value, _source_file,
        {{ share_source_rows("is_positief") }}
    from answers
)

{{ source_row_counts('rows_per_cell', [
    'indicator_id', 'schooljaar', 'leerweg', 'breakdown', 'breakdown_value', '_source_file'
]) }}
