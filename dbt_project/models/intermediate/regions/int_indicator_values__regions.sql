{#- Catalog indicators B1, B2, B3, B4, C3 and C4 (STO-region level) in the long form of
    marts.indicator_values. Per-region rows carry sto_regio_id; national summaries over regions have
    sto_regio_id NULL and breakdown 'regio_statistiek' (or 'cluster' / 'n_techniekprofielen'). -#}
with rp as (
    select * from {{ ref('int_sto_regio__pupils_lj3') }}
),

per_region as (
    select tech.schooljaar, tech.sto_regio_id, tech.leerweg,
           tech.n_pupils as n_tech, total.n_pupils as n_total
    from rp as tech
    inner join rp as total
        on total.schooljaar = tech.schooljaar and total.sto_regio_id = tech.sto_regio_id
        and total.leerweg is not distinct from tech.leerweg and total.profielgroep is null
    where tech.profielgroep = 'techniek'
),

all_lw as (
    select * from per_region where leerweg is null
),

means as (
    select schooljaar,
           avg(n_tech) as mean_tech,
           avg(case when n_total > 0 then 100.0 * n_tech / n_total end) as mean_share,
           count(*) as n_regions
    from all_lw group by schooljaar
),

ranked as (
    select schooljaar, n_tech, row_number() over (partition by schooljaar order by n_tech desc, sto_regio_id) as rnk
    from all_lw
),

gl as (
    select schooljaar, sum(case when n_tech = 0 then 1 else 0 end) as n_zonder_gl
    from per_region where leerweg = 'gl' group by schooljaar
),

b1_region as (
    select 'region_tech_pupils_lj3' as indicator_id, schooljaar, sto_regio_id, leerweg,
           cast(null as string) as profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
           n_tech as numerator, cast(null as double) as denominator, n_tech as value, 'count' as unit
    from per_region
),

b1_stats as (
    select 'region_tech_pupils_lj3' as indicator_id, m.schooljaar, cast(null as string) as sto_regio_id,
           cast(null as string) as leerweg, cast(null as string) as profiel, 'regio_statistiek' as breakdown,
           s.stat as breakdown_value,
           case when s.stat = 'gemiddelde' then s.v * m.n_regions else s.v end as numerator,
           m.n_regions as denominator,
           s.v as value,
           case s.stat when 'gemiddelde' then 'mean' else 'count' end as unit
    from means as m
    inner join (
        select schooljaar, 'gemiddelde' as stat, avg(n_tech) as v from all_lw group by schooljaar
        union all
        select schooljaar, 'aantal_lt_75', sum(case when n_tech < 75 then 1 else 0 end) from all_lw group by schooljaar
        union all
        select schooljaar, 'aantal_gt_300', sum(case when n_tech > 300 then 1 else 0 end) from all_lw group by schooljaar
        union all
        select a.schooljaar, 'aantal_boven_gemiddelde', sum(case when a.n_tech > mm.mean_tech then 1 else 0 end)
        from all_lw as a inner join means as mm on mm.schooljaar = a.schooljaar group by a.schooljaar
        union all
        select schooljaar, 'aantal_zonder_gl_techniek', n_zonder_gl from gl
        union all
        select schooljaar, 'som_grootste_3', sum(n_tech) from ranked where rnk <= 3 group by schooljaar
    ) as s on s.schooljaar = m.schooljaar
),

b2_region as (
    select 'region_tech_share_lj3' as indicator_id, schooljaar, sto_regio_id, leerweg,
           cast(null as string) as profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
           n_tech as numerator, n_total as denominator, 100.0 * n_tech / nullif(n_total, 0) as value, 'percent' as unit
    from per_region
    where n_total > 0
),

shares as (
    select a.schooljaar, 100.0 * a.n_tech / a.n_total as share, m.mean_share
    from all_lw as a inner join means as m on m.schooljaar = a.schooljaar
    where a.n_total > 0
),

b2_stats as (
    select 'region_tech_share_lj3' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           cast(null as string) as leerweg, cast(null as string) as profiel, 'regio_statistiek' as breakdown,
           stat as breakdown_value, numerator, denominator, value, unit
    from (
        select schooljaar, 'gemiddelde' as stat, sum(share) as numerator, cast(count(*) as double) as denominator,
               avg(share) as value, 'percent' as unit
        from shares group by schooljaar
        union all
        select schooljaar, 'aantal_4_10_procent', sum(case when share >= 4 and share <= 10 then 1 else 0 end),
               count(*), sum(case when share >= 4 and share <= 10 then 1 else 0 end), 'count'
        from shares group by schooljaar
        union all
        select schooljaar, 'aantal_ge_40_procent', sum(case when share >= 40 then 1 else 0 end),
               count(*), sum(case when share >= 40 then 1 else 0 end), 'count'
        from shares group by schooljaar
        union all
        select schooljaar, 'aantal_boven_gemiddelde', sum(case when share > mean_share then 1 else 0 end),
               count(*), sum(case when share > mean_share then 1 else 0 end), 'count'
        from shares group by schooljaar
    ) as s
),

groei as (
    select * from {{ ref('int_sto_regio__groei') }}
),

clusters as (
    select 'A' as cluster union all select 'B' union all select 'C' union all select 'D'
),

b3_region as (
    select 'region_growth_cluster' as indicator_id, schooljaar, sto_regio_id, cast(null as string) as leerweg,
           cast(null as string) as profiel, 'cluster' as breakdown, cluster as breakdown_value,
           1.0 as numerator, cast(null as double) as denominator, 1.0 as value, 'count' as unit
    from groei where eenheid = 'regio'
),

b3_years as (
    select distinct schooljaar, eenheid, profiel from groei
    union
    select distinct schooljaar, eenheid, cast(null as string) from groei where eenheid = 'regio_profiel'
),

unit_counts as (
    -- units (regions, or region x profile) per year, unit type and (for B4) profile
    select y.schooljaar, y.eenheid, y.profiel, count(t.eenheid) as n_units
    from b3_years as y
    left join groei as t
        on t.schooljaar = y.schooljaar and t.eenheid = y.eenheid and (y.profiel is null or t.profiel = y.profiel)
    group by y.schooljaar, y.eenheid, y.profiel
),

cluster_counts as (
    -- National counts per cluster (zero rows included), per unit type and (for B4) per profile.
    select y.schooljaar, y.eenheid, y.profiel, c.cluster,
           count(g.cluster) as n,
           max(u.n_units) as n_units
    from b3_years as y
    cross join clusters as c
    inner join unit_counts as u
        on u.schooljaar = y.schooljaar and u.eenheid = y.eenheid and u.profiel is not distinct from y.profiel
    left join groei as g
        on g.schooljaar = y.schooljaar and g.eenheid = y.eenheid and g.cluster = c.cluster
        and (y.profiel is null or g.profiel = y.profiel)
    group by y.schooljaar, y.eenheid, y.profiel, c.cluster
),

b3_b4_stats as (
    select case when eenheid = 'regio' then 'region_growth_cluster' else 'region_profile_bl_kl_cluster' end
               as indicator_id,
           schooljaar, cast(null as string) as sto_regio_id, cast(null as string) as leerweg, profiel,
           'cluster' as breakdown, cluster as breakdown_value,
           n as numerator, n_units as denominator, n as value, 'count' as unit
    from cluster_counts
    union all
    select case when eenheid = 'regio' then 'region_growth_cluster' else 'region_profile_bl_kl_cluster' end,
           schooljaar, cast(null as string), cast(null as string), profiel,
           'clustergroep', case when cluster in ('A', 'C') then 'groei' else 'daling' end,
           sum(n), max(n_units), 100.0 * sum(n) / nullif(max(n_units), 0), 'percent'
    from cluster_counts
    group by eenheid, schooljaar, profiel, case when cluster in ('A', 'C') then 'groei' else 'daling' end
),

b4_region as (
    select 'region_profile_bl_kl_cluster' as indicator_id, schooljaar, sto_regio_id, cast(null as string) as leerweg,
           profiel, 'cluster' as breakdown, cluster as breakdown_value,
           1.0 as numerator, cast(null as double) as denominator, 1.0 as value, 'count' as unit
    from groei where eenheid = 'regio_profiel'
),

offer as (
    select * from {{ ref('int_vestiging__offer_lj3') }} where is_in_sto_regio
),

regio_jaar as (
    select schooljaar, count(*) as n_regions from {{ ref('int_sto_regio__regio_jaar') }} group by schooljaar
),

region_offer as (
    select schooljaar, leerweg, profiel, count(distinct sto_regio_id) as n_offering
    from offer group by schooljaar, leerweg, profiel
    union all
    select schooljaar, cast(null as string), profiel, count(distinct sto_regio_id)
    from offer group by schooljaar, profiel
),

c3 as (
    select 'regions_offering_profile_share' as indicator_id, o.schooljaar, cast(null as string) as sto_regio_id,
           o.leerweg, o.profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
           o.n_offering as numerator, r.n_regions as denominator, 100.0 * o.n_offering / r.n_regions as value,
           'percent' as unit
    from region_offer as o inner join regio_jaar as r on r.schooljaar = o.schooljaar
),

n_tech_profiles as (
    select g.schooljaar, g.sto_regio_id, g.leerweg, count(distinct o.profiel) as n_profiles
    from (
        select r.schooljaar, r.sto_regio_id, lw.leerweg
        from {{ ref('int_sto_regio__regio_jaar') }} as r
        cross join (select 'bb' as leerweg union all select 'kb' union all select 'gl') as lw
    ) as g
    left join offer as o
        on o.schooljaar = g.schooljaar and o.sto_regio_id = g.sto_regio_id and o.leerweg = g.leerweg
        and o.is_technisch
    group by g.schooljaar, g.sto_regio_id, g.leerweg
),

c4 as (
    select 'regions_by_n_tech_profiles' as indicator_id, g.schooljaar, cast(null as string) as sto_regio_id,
           g.leerweg, cast(null as string) as profiel, 'n_techniekprofielen' as breakdown,
           cast(k.k as string) as breakdown_value,
           sum(case when n.n_profiles = k.k then 1 else 0 end) as numerator,
           count(*) as denominator,
           100.0 * sum(case when n.n_profiles = k.k then 1 else 0 end) / count(*) as value,
           'percent' as unit
    from (select distinct schooljaar, leerweg from n_tech_profiles) as g
    cross join (
        select 0 as k union all select 1 union all select 2 union all select 3 union all select 4 union all select 5
    ) as k
    inner join n_tech_profiles as n on n.schooljaar = g.schooljaar and n.leerweg = g.leerweg
    group by g.schooljaar, g.leerweg, k.k
),

parts as (
    select * from b1_region
    union all select * from b1_stats
    union all select * from b2_region
    union all select * from b2_stats
    union all select * from b3_region
    union all select * from b4_region
    union all select * from b3_b4_stats
    union all select * from c3
    union all select * from c4
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    'numerator', 'denominator', 'value', 'unit'
]) }}
