{#- Leerjaar-3 pupils in vmbo (bb, kb, gl, tl) per vestiging x element code x gender, decoded to
    profiel, leerweg and programma via the element-code list. Rows whose element code is not in the
    list are kept with programma 'onbekend' so that they are counted, not dropped.
    The rows, the choice of source per schooljaar (microdata when complete, else the public DUO file)
    and the decoding are those of int_pupils__lj3_rows: a public line is one row here as there;
    microdata pupils are counted per vestiging x element code x geslacht (keeping the first source row). -#}
with pupil_rows as (
    select * from {{ ref('int_pupils__lj3_rows') }}
)

select * from pupil_rows where bron = 'duo_leerlingen_vestiging'
union all
select
    schooljaar, vestiging_id, brin, elementcode,
    cast(null as string) as onderwijstype,
    leerweg, profiel, programma, profielgroep, is_technisch_profiel,
    geslacht,
    count(*) as aantal, count(*) as aantal_min, count(*) as aantal_max,
    cast(count(*) as double) as aantal_schatting,
    false as is_suppressed_at_source,
    bron,
    min(_source_file) as _source_file, min(_source_row) as _source_row, min(_load_id) as _load_id
from pupil_rows
where bron = 'duo_inschrijvingen_vo'
group by schooljaar, vestiging_id, brin, elementcode, leerweg, profiel, programma, profielgroep,
    is_technisch_profiel, geslacht, bron
