{#- Catalog indicators B5, B6, B7, B8 (group size) and C1, C2 (vestigingen offering profiles) in the
    long form of marts.indicator_values. "Offering" (p, l) = at least one leerjaar-3 pupil registered
    in profile p, leerweg l at the vestiging (a `<5` cell counts). B5/B6 only count vestigingen inside
    an STO region (note at 002:L4204); C1 counts all and reports those outside separately. -#}
with offer as (
    select * from {{ ref('int_vestiging__offer_lj3') }}
),

in_regio as (
    select * from offer where is_in_sto_regio
),

b5 as (
    -- B5: mean leerjaar-3 pupils per offering vestiging, national and per STO region.
    select 'avg_pupils_per_vestiging_profile' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           leerweg, profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
           sum(n_pupils) as numerator, count(*) as denominator, sum(n_pupils) / count(*) as value, 'mean' as unit
    from in_regio group by schooljaar, leerweg, profiel
    union all
    select 'avg_pupils_per_vestiging_profile', schooljaar, sto_regio_id, leerweg, profiel, null, null,
           n_pupils, n_vestigingen, mean_pupils, 'mean'
    from {{ ref('int_groepsgrootte__regio_profiel') }}
),

banded as (
    select
        schooljaar, leerweg, profiel,
        case
            when n_pupils <= 5 then '1-5'
            when n_pupils <= 10 then '6-10'
            when n_pupils <= 20 then '11-20'
            when n_pupils <= 30 then '21-30'
            else '>30'
        end as band
    from in_regio
),

cells as (
    select distinct schooljaar, leerweg, profiel from banded
),

bands as (
    select '1-5' as band union all select '6-10' union all select '11-20' union all select '21-30'
    union all select '>30' union all select '<11'
),

b6 as (
    -- B6: share of offering vestigingen per size band (Tabel B3.3); '<11' = bands 1-5 and 6-10 together.
    select 'vestiging_size_band_share' as indicator_id, c.schooljaar, cast(null as string) as sto_regio_id,
           c.leerweg, c.profiel, 'band' as breakdown, b.band as breakdown_value,
           count(case when x.band = b.band or (b.band = '<11' and x.band in ('1-5', '6-10')) then 1 end) as numerator,
           count(*) as denominator,
           100.0 * count(case when x.band = b.band or (b.band = '<11' and x.band in ('1-5', '6-10')) then 1 end)
               / count(*) as value,
           'percent' as unit
    from cells as c
    cross join bands as b
    inner join banded as x on x.schooljaar = c.schooljaar and x.leerweg = c.leerweg and x.profiel = c.profiel
    group by c.schooljaar, c.leerweg, c.profiel, b.band
),

b7_counts as (
    select schooljaar, leerweg, profiel,
           n_regios as n_totaal, n_regios_lt11 as n_totaal_lt11,
           n_regios_1_vest as n_een, n_regios_1_vest_lt11 as n_een_lt11,
           n_regios_meer_vest as n_meer, n_regios_meer_vest_lt11 as n_meer_lt11
    from {{ ref('int_groepsgrootte__profiel_regios') }}
),

b7 as (
    -- B7: regions offering (p, l) in total / with 1 / with >1 vestiging; "_lt11" = of those, regions
    -- whose offering vestigingen have on average fewer than 11 pupils (Tabel B3.4).
    select 'regions_offering_profile_by_vestiging_count' as indicator_id, schooljaar,
           cast(null as string) as sto_regio_id, leerweg, profiel, 'regio_vestigingen' as breakdown,
           v.k as breakdown_value,
           case v.k when 'totaal' then n_totaal when '1' then n_een when '>1' then n_meer
                    when 'totaal_lt11' then n_totaal_lt11 when '1_lt11' then n_een_lt11 else n_meer_lt11 end
               as numerator,
           cast(null as double) as denominator,
           case v.k when 'totaal' then n_totaal when '1' then n_een when '>1' then n_meer
                    when 'totaal_lt11' then n_totaal_lt11 when '1_lt11' then n_een_lt11 else n_meer_lt11 end
               as value,
           'count' as unit
    from b7_counts
    cross join (
        select 'totaal' as k union all select '1' union all select '>1'
        union all select 'totaal_lt11' union all select '1_lt11' union all select '>1_lt11'
    ) as v
),

b8 as (
    -- B8 (Tabel B3.16): '>1' = regions with >1 offering vestiging / regions offering; '>1_lt11' =
    -- regions with >1 vestiging and mean < 11 / regions with mean < 11 (reproduces B3.16 from B3.4).
    select 'share_regions_multi_vestiging' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           leerweg, profiel, 'regio_vestigingen' as breakdown, '>1' as breakdown_value,
           n_meer as numerator, n_totaal as denominator, 100.0 * n_meer / n_totaal as value, 'percent' as unit
    from b7_counts
    union all
    select 'share_regions_multi_vestiging', schooljaar, null, leerweg, profiel, 'regio_vestigingen', '>1_lt11',
           n_meer_lt11, n_totaal_lt11, 100.0 * n_meer_lt11 / nullif(n_totaal_lt11, 0), 'percent'
    from b7_counts
    where n_totaal_lt11 > 0
),

vest_profiel as (
    select schooljaar, profiel, vestiging_id, bool_or(is_in_sto_regio) as is_in_sto_regio,
           bool_or(leerweg = 'bb') as in_bb, bool_or(leerweg = 'kb') as in_kb, bool_or(leerweg = 'gl') as in_gl
    from offer group by schooljaar, profiel, vestiging_id
),

c1 as (
    -- C1: vestigingen offering p in at least one of bb/kb/gl; breakdown sto_verband = buiten: of those,
    -- outside every STO region; per leerweg: share of those vestigingen that offer p in that leerweg.
    select 'vestigingen_offering_profile' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           cast(null as string) as leerweg, profiel, cast(null as string) as breakdown,
           cast(null as string) as breakdown_value,
           {{ count_of_rows() }}
    from vest_profiel group by schooljaar, profiel
    union all
    select 'vestigingen_offering_profile', schooljaar, null, null, profiel, 'sto_verband', v.k,
           sum(case when (v.k = 'binnen') = is_in_sto_regio then 1 else 0 end), count(*),
           sum(case when (v.k = 'binnen') = is_in_sto_regio then 1 else 0 end), 'count'
    from vest_profiel cross join (select 'binnen' as k union all select 'buiten') as v
    group by schooljaar, profiel, v.k
    union all
    select 'vestigingen_offering_profile', schooljaar, null, lw.leerweg, profiel, null, null,
           sum(case when (lw.leerweg = 'bb' and in_bb) or (lw.leerweg = 'kb' and in_kb)
                         or (lw.leerweg = 'gl' and in_gl) then 1 else 0 end),
           count(*),
           100.0 * sum(case when (lw.leerweg = 'bb' and in_bb) or (lw.leerweg = 'kb' and in_kb)
                               or (lw.leerweg = 'gl' and in_gl) then 1 else 0 end) / count(*),
           'percent'
    from vest_profiel cross join (select 'bb' as leerweg union all select 'kb' union all select 'gl') as lw
    group by schooljaar, profiel, lw.leerweg
),

c2 as (
    -- C2: vestigingen with at least one technical profile / all vestigingen with any bb/kb/gl profile.
    select 'vestigingen_any_tech_profile_share' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           cast(null as string) as leerweg, cast(null as string) as profiel,
           cast(null as string) as breakdown, cast(null as string) as breakdown_value,
           {{ share_of_distinct("is_technisch", "vestiging_id") }}
    from offer group by schooljaar
    union all
    -- per STO region: the region's member vestigingen on the peildatum
    select 'vestigingen_any_tech_profile_share', schooljaar, sto_regio_id,
           cast(null as string), cast(null as string), cast(null as string), cast(null as string),
           {{ share_of_distinct("is_technisch", "vestiging_id") }}
    from offer where sto_regio_id is not null group by schooljaar, sto_regio_id
),

parts as (
    select * from b5
    union all select * from b6
    union all select * from b7
    union all select * from b8
    union all select * from c1
    union all select * from c2
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value',
    'numerator', 'denominator', 'value', 'unit'
]) }}
