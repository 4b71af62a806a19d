{#- Keuzevakken taken by the pupils of each STO region (the region pages' "keuzevakken"): exams of
    leerjaar-4 pupils in bb/kb/gl with a profile at the region's vestigingen (region on the peildatum)
    per schooljaar x region x keuzevak, with the totals per owning profielgroep (vakcode NULL) and over
    all keuzevakken (both NULL). The population of keuzevak_exam_count (D1, leerweg NULL); names and
    owning profiles in dim_keuzevak. -#}
with exams as (
    select * from {{ ref('int_keuzevak__exams') }}
    where leerling_profielgroep in ('techniek', 'niet-techniek') and sto_regio_id is not null
),

final as (
    select
        schooljaar,
        sto_regio_id,
        keuzevak_profielgroep,
        vakcode,
        count(*) as n_exams
    from exams
    group by grouping sets (
        (schooljaar, sto_regio_id, keuzevak_profielgroep, vakcode),
        (schooljaar, sto_regio_id, keuzevak_profielgroep),
        (schooljaar, sto_regio_id)
    )
)

select {{ contract_columns() }}
from final
