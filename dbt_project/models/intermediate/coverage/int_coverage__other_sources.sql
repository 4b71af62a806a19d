{#- The coverage rows of the sources that filter no row: GeoNames PC4 (every row goes into the centroid
    of its PC4, stg_geo__pc4_centroids), the programme administration (every regioplan is a row of
    int_programme__regio_plannen) and the delivered reference lists (when delivered, every row replaces
    the seed: macro reference_rows). -#}
{%- set tables = [
    ('geo', 'pc4'),
    ('programma', 'sto_programma'),
    ('reference', 'reference__element_codes'),
    ('reference', 'reference__profielen'),
    ('reference', 'reference__exam_codes'),
    ('reference', 'reference__sto_regio_vestigingen'),
    ('reference', 'reference__keuzevakken'),
    ('reference', 'reference__mbo_opleidingen'),
    ('reference', 'reference__survey_scales'),
    ('reference', 'reference__survey_items'),
    ('reference', 'reference__survey_tables'),
    ('reference', 'reference__survey_derived_items'),
    ('reference', 'reference__lerarenopleidingen_techniek'),
] -%}
{% for source_name, table_name in tables %}
{{ coverage_every_row_counted(source_name, table_name) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
