{#- One row per 4-digit postcode: the average latitude/longitude of its GeoNames rows (a PC4 that
    spans several places has one row per place). -#}
select
    postcode4,
    avg(cast(latitude as double)) as latitude,
    avg(cast(longitude as double)) as longitude,
    min(place_name) as place_name,
    count(*) as n_source_rows
from {{ source('geo', 'pc4') }}
group by postcode4
