{#- Leerjaar-4 pupils in bb/kb/gl with a profile, one row per line of the public DUO pupil file
    (leerjaar 4), with the STO region of the vestiging on the peildatum and the line's provenance.
    int_indicator_values__lj4 (tech_share_lj4) and pupils_per_vestiging sum n here; `sto-monitor
    trace` counts its rows. -#}
with pupils as (
    select
        p.schooljaar,
        p.vestiging_id,
        codes.leerweg,
        codes.profiel,
        profielen.profielgroep,
        coalesce(profielen.is_technisch, false) as is_technisch,
        p.aantal_schatting as n,
        p.is_suppressed_at_source,
        p._source_file,
        p._source_row
    from {{ ref('stg_duo__leerlingen_vestiging') }} as p
    inner join {{ ref('stg_reference__element_codes') }} as codes on p.elementcode = codes.elementcode
    inner join {{ ref('stg_reference__profielen') }} as profielen on codes.profiel = profielen.profiel
    where p.leerjaar = 4 and p.onderwijstype like 'VMBO%' and codes.programma = 'profiel'
      and codes.leerweg in ('bb', 'kb', 'gl')
),

with_regio as (
    select pupils.*, regio.sto_regio_id
    from pupils
    left join {{ ref('int_sto_regio__vestiging_jaar') }} as regio
        on regio.schooljaar = pupils.schooljaar and regio.vestiging_id = pupils.vestiging_id
)

select * from with_regio
