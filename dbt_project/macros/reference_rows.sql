{#- Rows of a reference list: those delivered in landing/reference/<seed>.csv (loaded into
    raw.reference__<seed>) when there are any, else the versioned seed. All columns as text; the
    staging model types them. Both the source and the seed are dependencies, so lineage shows both. -#}
{% macro reference_rows(seed_name, columns) %}
    with delivered as (
        select {% for c in columns %}cast({{ c }} as string) as {{ c }}{{ ", " if not loop.last }}{% endfor %}
        from {{ source('reference', 'reference__' ~ seed_name) }}
    ),

    versioned as (
        select {% for c in columns %}cast({{ c }} as string) as {{ c }}{{ ", " if not loop.last }}{% endfor %}
        from {{ ref(seed_name) }}
    )

    select * from delivered
    union all
    select * from versioned where not exists (select 1 from delivered)
{% endmacro %}
