{#- Catalog indicators H1-H5 (programme administration, indicators.md §1 H) in the long form of
    marts.indicator_values. schooljaar = first year of the plan period (2020 = plan 2020-2024).
    Region rows carry sto_regio_id; national rows (sto_regio_id NULL) summarise the regions with a plan
    in the period: breakdown regio_statistiek (minimum, maximum, gemiddelde, totaal, counts). -#}
with plannen as (
    select * from {{ ref('int_programme__regio_plannen') }}
),

partners as (
    -- one row per region x partner type with a specified count (NULL = not in the plan: no row)
    {% set types = ['vmbo_vestigingen', 'mbo_instellingen', 'bedrijven', 'po_scholen', 'vso_pro_vestigingen',
                    'hbo_instellingen', 'gemeenten', 'overig', 'partners_excl_po', 'partners'] %}
    {% for t in types %}
    select planperiode_start as schooljaar, sto_regio_id, '{{ t | replace('partners_excl_po', 'totaal_excl_po') | replace('partners', 'totaal') }}' as partnertype,
           cast(n_{{ t }} as double) as n
    from plannen where n_{{ t }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

h1_region as (
    select 'region_partner_counts' as indicator_id, schooljaar, sto_regio_id, 'partnertype' as breakdown,
           partnertype as breakdown_value, n as numerator, cast(null as double) as denominator, n as value,
           'count' as unit
    from partners
),

h1_stats as (
    -- per partner type over the regions that specified it: totaal, gemiddelde (unit mean), minimum,
    -- maximum, regio_s_met_partner (regions with at least one). breakdown regio_statistiek|partnertype, value '<stat>|<type>'.
    select 'region_partner_counts' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           'regio_statistiek|partnertype' as breakdown, s.stat || '|' || partnertype as breakdown_value,
           s.numerator, s.denominator, s.value, s.unit
    from (
        select schooljaar, partnertype, 'totaal' as stat, sum(n) as numerator, cast(count(*) as double) as denominator,
               sum(n) as value, 'count' as unit
        from partners group by schooljaar, partnertype
        union all
        select schooljaar, partnertype, 'gemiddelde', sum(n), count(*), avg(n), 'mean'
        from partners group by schooljaar, partnertype
        union all
        select schooljaar, partnertype, 'minimum', min(n), count(*), min(n), 'count'
        from partners group by schooljaar, partnertype
        union all
        select schooljaar, partnertype, 'maximum', max(n), count(*), max(n), 'count'
        from partners group by schooljaar, partnertype
        union all
        select schooljaar, partnertype, 'regio_s_met_partner', sum(case when n > 0 then 1 else 0 end), count(*),
               sum(case when n > 0 then 1 else 0 end), 'count'
        from partners group by schooljaar, partnertype
    ) as s
),

amounts as (
    select planperiode_start as schooljaar, sto_regio_id, 'region_subsidy_amount' as indicator_id,
           subsidie_eur as amount
    from plannen
    union all
    select planperiode_start, sto_regio_id, 'region_cofinancing_amount', cofinanciering_eur
    from plannen where cofinanciering_eur is not null
),

h2_amounts as (
    select indicator_id, schooljaar, sto_regio_id, cast(null as string) as breakdown,
           cast(null as string) as breakdown_value, amount as numerator, cast(null as double) as denominator,
           amount as value, 'eur' as unit
    from amounts
    union all
    select indicator_id, schooljaar, cast(null as string), 'regio_statistiek', s.stat, s.numerator, s.denominator,
           s.value, 'eur'
    from (
        select indicator_id, schooljaar, 'totaal' as stat, sum(amount) as numerator,
               cast(count(*) as double) as denominator, sum(amount) as value
        from amounts group by indicator_id, schooljaar
        union all
        select indicator_id, schooljaar, 'gemiddelde', sum(amount), count(*), avg(amount)
        from amounts group by indicator_id, schooljaar
        union all
        select indicator_id, schooljaar, 'minimum', min(amount), count(*), min(amount)
        from amounts group by indicator_id, schooljaar
        union all
        select indicator_id, schooljaar, 'maximum', max(amount), count(*), max(amount)
        from amounts group by indicator_id, schooljaar
    ) as s
),

shares as (
    select planperiode_start as schooljaar, sto_regio_id, cofinanciering_eur, totale_investering_eur,
           cofinanciering_aandeel as share
    from plannen where cofinanciering_aandeel is not null
),

h2_share as (
    select 'region_cofinancing_share' as indicator_id, schooljaar, sto_regio_id, cast(null as string) as breakdown,
           cast(null as string) as breakdown_value, cofinanciering_eur as numerator,
           totale_investering_eur as denominator, share as value, 'percent' as unit
    from shares
    union all
    select 'region_cofinancing_share', schooljaar, cast(null as string), 'regio_statistiek', s.stat,
           s.numerator, s.denominator, s.value, s.unit
    from (
        select schooljaar, 'gemiddelde' as stat, sum(share) as numerator, cast(count(*) as double) as denominator,
               avg(share) as value, 'percent' as unit
        from shares group by schooljaar
        union all
        select schooljaar, 'totaal', sum(cofinanciering_eur), sum(totale_investering_eur),
               100.0 * sum(cofinanciering_eur) / nullif(sum(totale_investering_eur), 0), 'percent'
        from shares group by schooljaar
        union all
        select schooljaar, 'minimum', min(share), count(*), min(share), 'percent' from shares group by schooljaar
        union all
        select schooljaar, 'maximum', max(share), count(*), max(share), 'percent' from shares group by schooljaar
        union all
        select schooljaar, 'aantal_10_15_procent', sum(case when share >= 10 and share <= 15 then 1 else 0 end),
               count(*), sum(case when share >= 10 and share <= 15 then 1 else 0 end), 'count'
        from shares group by schooljaar
        union all
        select schooljaar, 'aantal_gt_25_procent', sum(case when share > 25 then 1 else 0 end),
               count(*), sum(case when share > 25 then 1 else 0 end), 'count'
        from shares group by schooljaar
    ) as s
),

h3 as (
    select 'budget_allocation_mode' as indicator_id, planperiode_start as schooljaar, sto_regio_id,
           'verdeling_middelen' as breakdown, verdeling_middelen as breakdown_value, 1.0 as numerator,
           cast(null as double) as denominator, 1.0 as value, 'count' as unit
    from plannen where verdeling_middelen is not null
    union all
    select 'budget_allocation_mode', m.schooljaar, cast(null as string), 'verdeling_middelen', m.mode,
           m.n, k.n_known, 100.0 * m.n / k.n_known, 'percent'
    from (
        select planperiode_start as schooljaar, verdeling_middelen as mode, cast(count(*) as double) as n
        from plannen where verdeling_middelen is not null group by planperiode_start, verdeling_middelen
    ) as m
    inner join (
        select planperiode_start as schooljaar, count(*) as n_known
        from plannen where verdeling_middelen is not null group by planperiode_start
    ) as k on k.schooljaar = m.schooljaar
),

h4 as (
    select 'region_type' as indicator_id, planperiode_start as schooljaar, sto_regio_id, 'regio_type' as breakdown,
           regio_type as breakdown_value, 1.0 as numerator, cast(null as double) as denominator, 1.0 as value,
           'count' as unit
    from plannen
    union all
    -- national: regions per type (count) and the type's share of the subsidy (percent)
    select 'region_type', t.schooljaar, cast(null as string), 'regio_type', t.regio_type, t.n, a.n_all, t.n, 'count'
    from (
        select planperiode_start as schooljaar, regio_type, cast(count(*) as double) as n, sum(subsidie_eur) as s
        from plannen group by planperiode_start, regio_type
    ) as t
    inner join (
        select planperiode_start as schooljaar, count(*) as n_all, sum(subsidie_eur) as s_all
        from plannen group by planperiode_start
    ) as a on a.schooljaar = t.schooljaar
    union all
    select 'region_type', t.schooljaar, cast(null as string), 'subsidie_aandeel', t.regio_type, t.s, a.s_all,
           100.0 * t.s / nullif(a.s_all, 0), 'percent'
    from (
        select planperiode_start as schooljaar, regio_type, sum(subsidie_eur) as s
        from plannen group by planperiode_start, regio_type
    ) as t
    inner join (
        select planperiode_start as schooljaar, sum(subsidie_eur) as s_all from plannen group by planperiode_start
    ) as a on a.schooljaar = t.schooljaar
),

h5 as (
    select 'sto_programme_totals' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
           'totaal' as breakdown, item as breakdown_value, value as numerator, cast(null as double) as denominator,
           value, unit
    from (
        select planperiode_start as schooljaar, 'regio_s' as item, cast(count(*) as double) as value, 'count' as unit
        from plannen group by planperiode_start
        union all
        select planperiode_start, 'regio_s_goedgekeurd', sum(case when datum_goedkeuring is not null then 1 else 0 end),
               'count'
        from plannen group by planperiode_start
        union all
        select planperiode_start, 'subsidie', sum(subsidie_eur), 'eur' from plannen group by planperiode_start
        union all
        select planperiode_start, 'cofinanciering', sum(cofinanciering_eur), 'eur'
        from plannen group by planperiode_start
        union all
        select planperiode_start, 'totale_investering', sum(totale_investering_eur), 'eur'
        from plannen group by planperiode_start
        union all
        select planperiode_start, 'partners_excl_po', sum(n_partners_excl_po), 'count'
        from plannen group by planperiode_start
        union all
        select planperiode_start, 'partners', sum(n_partners), 'count' from plannen group by planperiode_start
    ) as t
),

parts as (
    select indicator_id, schooljaar, sto_regio_id, breakdown, breakdown_value, numerator, denominator, value, unit
    from h1_region
    union all select * from h1_stats
    union all select * from h2_amounts
    union all select * from h2_share
    union all select * from h3
    union all select * from h4
    union all select * from h5
)

{{ indicator_value_rows('parts', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'breakdown', 'breakdown_value', 'numerator', 'denominator',
    'value', 'unit'
]) }}
