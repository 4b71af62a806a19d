{#- Great-circle distance in km between two WGS84 points (haversine, mean earth radius 6371.0 km),
    rounded to whole metres so that a boundary such as "within 10 km" (distance <= 10.0) is not
    decided by floating-point noise. Portable: sin/cos/asin/sqrt/radians exist in DuckDB, Trino
    and Spark SQL. -#}
{% macro haversine_km(lat1, lon1, lat2, lon2) -%}
    round(
        2 * 6371.0 * asin(sqrt(
            power(sin((radians({{ lat2 }}) - radians({{ lat1 }})) / 2), 2)
            + cos(radians({{ lat1 }})) * cos(radians({{ lat2 }}))
              * power(sin((radians({{ lon2 }}) - radians({{ lon1 }})) / 2), 2)
        )),
        3
    )
{%- endmacro %}
