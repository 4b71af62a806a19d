{#- Location of every vestiging of the latest DUO vestigingen snapshot: the PC4 centroid of its
    postcode. is_placed is false (and lat/lon NULL) when the vestiging has no postcode or its PC4 is
    not in the PC4 file; such vestigingen are counted in the reachability outputs, never dropped. -#}
select
    latest.vestiging_id,
    latest.postcode4,
    pc4.latitude,
    pc4.longitude,
    pc4.postcode4 is not null as is_placed,
    latest._source_file,
    latest._source_row
from {{ ref('int_vestiging__latest_snapshot') }} as latest
left join {{ ref('stg_geo__pc4_centroids') }} as pc4 on latest.postcode4 = pc4.postcode4
