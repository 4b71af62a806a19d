{#- Location of every vestiging of the latest DUO vestigingen snapshot: the PC4 centroid of its
    postcode. is_placed is false (and lat/lon NULL) when the vestiging has no postcode or its PC4 is
    not in the PC4 file; such vestigingen are counted in the reachability outputs, never dropped. -#}
with snapshots as (
    select
        *,
        row_number() over (
            partition by vestiging_id
            order by coalesce(snapshot_schooljaar, 9999) desc, loaded_at desc
        ) as recency
    from {{ ref('stg_duo__vestigingen') }}
)

select
    snapshots.vestiging_id,
    snapshots.postcode4,
    pc4.latitude,
    pc4.longitude,
    pc4.postcode4 is not null as is_placed,
    snapshots._source_file,
    snapshots._source_row
from snapshots
left join {{ ref('stg_geo__pc4_centroids') }} as pc4 on snapshots.postcode4 = pc4.postcode4
where snapshots.recency = 1
