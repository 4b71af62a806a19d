{#- Topic mart per schooljaar x STO region (Figuren B3.3/B3.4, Tabel B3.2): leerjaar-3 technical
    pupils per leerweg, technical share, size class, bl+kl change against the previous schooljaar and
    the growth cluster (B3). is_illustrative: the region comes from the illustrative mapping. -#}
with rp as (
    select * from {{ ref('int_sto_regio__pupils_lj3') }}
),

wide as (
    select
        schooljaar,
        sto_regio_id,
        sum(case when profielgroep = 'techniek' and leerweg = 'bb' then n_pupils else 0 end) as n_tech_bb,
        sum(case when profielgroep = 'techniek' and leerweg = 'kb' then n_pupils else 0 end) as n_tech_kb,
        sum(case when profielgroep = 'techniek' and leerweg = 'gl' then n_pupils else 0 end) as n_tech_gl,
        sum(case when profielgroep = 'techniek' and leerweg is null then n_pupils else 0 end) as n_tech,
        sum(case when profielgroep is null and leerweg is null then n_pupils else 0 end) as n_pupils,
        sum(case when profielgroep is null and leerweg = 'bb' then n_pupils else 0 end) as n_pupils_bb,
        sum(case when profielgroep = 'techniek' and leerweg is null then n_vestigingen else 0 end)
            as n_vestigingen_techniek
    from rp
    group by schooljaar, sto_regio_id
),

groei as (
    select * from {{ ref('int_sto_regio__groei') }} where eenheid = 'regio'
)

select
    cast(w.schooljaar as integer) as schooljaar,
    cast(w.sto_regio_id as string) as sto_regio_id,
    cast(r.regio_naam as string) as regio_naam,
    cast(r.is_illustrative as boolean) as is_illustrative,
    cast(r.n_vestigingen as integer) as n_vestigingen,
    cast(w.n_vestigingen_techniek as integer) as n_vestigingen_techniek,
    cast(w.n_tech_bb as double) as n_tech_bb,
    cast(w.n_tech_kb as double) as n_tech_kb,
    cast(w.n_tech_gl as double) as n_tech_gl,
    cast(w.n_tech as double) as n_tech,
    cast(w.n_pupils as double) as n_pupils,
    cast(100.0 * w.n_tech / nullif(w.n_pupils, 0) as double) as tech_share,
    cast(100.0 * w.n_tech_bb / nullif(w.n_pupils_bb, 0) as double) as tech_share_bb,
    cast(case when w.n_tech < 75 then '<75' when w.n_tech > 300 then '>300' else '75-300' end as string)
        as grootteklasse,
    cast(g.a_cur as double) as n_tech_blkl,
    cast(g.a_prev as double) as n_tech_blkl_prev_year,
    cast(g.a_change_pct as double) as tech_blkl_change_pct,
    cast(g.b_cur as double) as n_niet_tech_blkl,
    cast(g.b_prev as double) as n_niet_tech_blkl_prev_year,
    cast(g.b_change_pct as double) as niet_tech_blkl_change_pct,
    cast(g.cluster as string) as groeicluster
from wide as w
inner join {{ ref('int_sto_regio__regio_jaar') }} as r
    on r.schooljaar = w.schooljaar and r.sto_regio_id = w.sto_regio_id
left join groei as g on g.schooljaar = w.schooljaar and g.sto_regio_id = w.sto_regio_id
