{#- Regioportret variant of A2/B2 on leerjaar 4 (indicators.md section I, tech_share_lj4): leerjaar-4
    pupils in bb/kb/gl with a profile, technical / all, nationally and per STO region (region of the
    vestiging on the peildatum), per leerweg (NULL = bb+kb+gl). numerator = the technical leerjaar-4
    pupils (the absolute regional count of section I). -#}
with with_regio as (
    select * from {{ ref('int_pupils__lj4') }}
),

cells as (
    select schooljaar, cast(null as string) as sto_regio_id, leerweg,
           sum(case when is_technisch then n else 0 end) as n_tech, sum(n) as n_all
    from with_regio group by schooljaar, leerweg
    union all
    select schooljaar, cast(null as string), cast(null as string),
           sum(case when is_technisch then n else 0 end), sum(n)
    from with_regio group by schooljaar
    union all
    select schooljaar, sto_regio_id, leerweg, sum(case when is_technisch then n else 0 end), sum(n)
    from with_regio where sto_regio_id is not null group by schooljaar, sto_regio_id, leerweg
    union all
    select schooljaar, sto_regio_id, cast(null as string), sum(case when is_technisch then n else 0 end), sum(n)
    from with_regio where sto_regio_id is not null group by schooljaar, sto_regio_id
),

parts as (
    select
        'tech_share_lj4' as indicator_id,
        schooljaar,
        sto_regio_id,
        leerweg,
        n_tech as numerator,
        n_all as denominator,
        100.0 * n_tech / nullif(n_all, 0) as value,
        'percent' as unit
    from cells
    where n_all > 0
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'numerator', 'denominator', 'value', 'unit'
]) }}
