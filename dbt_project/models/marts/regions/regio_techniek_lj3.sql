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
),

final as (
    select
        w.schooljaar,
        w.sto_regio_id,
        r.regio_naam,
        r.is_illustrative,
        r.n_vestigingen,
        w.n_vestigingen_techniek,
        w.n_tech_bb,
        w.n_tech_kb,
        w.n_tech_gl,
        w.n_tech,
        w.n_pupils,
        100.0 * w.n_tech / nullif(w.n_pupils, 0) as tech_share,
        100.0 * w.n_tech_bb / nullif(w.n_pupils_bb, 0) as tech_share_bb,
        case when w.n_tech < 75 then '<75' when w.n_tech > 300 then '>300' else '75-300' end as grootteklasse,
        g.a_cur as n_tech_blkl,
        g.a_prev as n_tech_blkl_prev_year,
        g.a_change_pct as tech_blkl_change_pct,
        g.b_cur as n_niet_tech_blkl,
        g.b_prev as n_niet_tech_blkl_prev_year,
        g.b_change_pct as niet_tech_blkl_change_pct,
        g.cluster as groeicluster
    from wide as w
    inner join {{ ref('int_sto_regio__regio_jaar') }} as r
        on r.schooljaar = w.schooljaar and r.sto_regio_id = w.sto_regio_id
    left join groei as g on g.schooljaar = w.schooljaar and g.sto_regio_id = w.sto_regio_id
)

select {{ contract_columns() }}
from final
