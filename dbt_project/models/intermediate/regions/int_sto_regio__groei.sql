{#- Growth clusters per STO region (B3) and per region x technical profile (B4), schooljaar t vs t-1.
    A region (or region x profile) without data in t-1 gets no row. "Toename (of geen verandering)"
    = count_t >= count_{t-1}; Δ = 0 counts as growth (no tolerance band, indicators.md B3).
    B3: bl + kl pupils together, technical vs non-technical. Cluster A: tech >= and non-tech >=;
    B: both down; C: tech >= and non-tech down; D: tech down and non-tech >=.
    B4: unit (region, technical profile) offered in bl AND kl in both years; the average number of
    pupils per offering vestiging in bl vs kl. A: bl >= and kl >=; B: both down; C: bl >= and kl
    down; D: bl down and kl >=. -#}
with blkl as (
    select schooljaar, sto_regio_id,
           sum(case when profielgroep = 'techniek' then n_pupils else 0 end) as n_tech,
           sum(case when profielgroep = 'niet-techniek' then n_pupils else 0 end) as n_niet_tech
    from {{ ref('int_sto_regio__pupils_lj3') }}
    where leerweg in ('bb', 'kb') and profielgroep is not null
    group by schooljaar, sto_regio_id
),

region_clusters as (
    select
        'regio' as eenheid,
        cur.schooljaar,
        cur.sto_regio_id,
        cast(null as string) as profiel,
        cur.n_tech as a_cur,
        prev.n_tech as a_prev,
        cur.n_niet_tech as b_cur,
        prev.n_niet_tech as b_prev
    from blkl as cur
    inner join blkl as prev on prev.schooljaar = cur.schooljaar - 1 and prev.sto_regio_id = cur.sto_regio_id
),

profile_avg as (
    select schooljaar, sto_regio_id, profiel,
           sum(case when leerweg = 'bb' then n_pupils end)
               / nullif(count(distinct case when leerweg = 'bb' then vestiging_id end), 0) as avg_bb,
           sum(case when leerweg = 'kb' then n_pupils end)
               / nullif(count(distinct case when leerweg = 'kb' then vestiging_id end), 0) as avg_kb
    from {{ ref('int_vestiging__offer_lj3') }}
    where is_in_sto_regio and is_technisch and leerweg in ('bb', 'kb')
    group by schooljaar, sto_regio_id, profiel
),

profile_clusters as (
    select
        'regio_profiel' as eenheid,
        cur.schooljaar,
        cur.sto_regio_id,
        cur.profiel,
        cur.avg_bb as a_cur,
        prev.avg_bb as a_prev,
        cur.avg_kb as b_cur,
        prev.avg_kb as b_prev
    from profile_avg as cur
    inner join profile_avg as prev
        on prev.schooljaar = cur.schooljaar - 1
        and prev.sto_regio_id = cur.sto_regio_id
        and prev.profiel = cur.profiel
    where cur.avg_bb is not null and cur.avg_kb is not null
      and prev.avg_bb is not null and prev.avg_kb is not null
),

units as (
    select * from region_clusters
    union all
    select * from profile_clusters
)

select
    eenheid,
    schooljaar,
    sto_regio_id,
    profiel,
    a_cur,
    a_prev,
    b_cur,
    b_prev,
    100.0 * (a_cur - a_prev) / nullif(a_prev, 0) as a_change_pct,
    100.0 * (b_cur - b_prev) / nullif(b_prev, 0) as b_change_pct,
    case
        when a_cur >= a_prev and b_cur >= b_prev then 'A'
        when a_cur < a_prev and b_cur < b_prev then 'B'
        when a_cur >= a_prev and b_cur < b_prev then 'C'
        else 'D'
    end as cluster
from units
