{#- Teacher answers, one row per respondent x item x wave, typed to the common survey shape
    (technisch_vak wel | niet). The grouping variable itself is also an answer: one derived row per
    respondent and wave with item lg_technisch_vak (wel | niet; Tabel B2.1 «Docent geeft wel/niet
    technisch/technologisch (keuze)vak»), provenance of the respondent's first row (a delivered lg_technisch_vak row gives way to
    the column). -#}
with answers as (
    {{ survey_source_answers(
        'LG', 'enquete_lesgevenden', technisch_vak="case technisch_vak when 'J' then 'wel' else 'niet' end"
    ) }}
    where item_id <> 'lg_technisch_vak'
)

select * from answers
union all
select
    survey_id,
    wave,
    respondent_id,
    min(sto_regio_id) as sto_regio_id,
    toedelingswijze,
    technisch_vak,
    bouw_groep,
    'lg_technisch_vak' as item_id,
    technisch_vak as answer_code,
    min(_source_file) as _source_file,
    min(_source_row) as _source_row,
    min(_load_id) as _load_id
from answers
group by survey_id, wave, respondent_id, toedelingswijze, technisch_vak, bouw_groep
