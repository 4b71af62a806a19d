{#- Indicator rows of a count per category with the schooljaar's total beside it (unit count: numerator =
    value = the category's count, denominator = the total; the total row has breakdown NULL), over `cells`
    (schooljaar, category, n: macro category_count_cells), as breakdown `breakdown`. -#}
{% macro category_count_rows(indicator_id, cells, breakdown, leerweg='null') -%}
    select
        '{{ indicator_id }}' as indicator_id,
        cell.schooljaar,
        cast({{ leerweg }} as string) as leerweg,
        cast(null as string) as profiel,
        case when cell.category is not null then '{{ breakdown }}' end as breakdown,
        cell.category as breakdown_value,
        cell.n as numerator,
        total.n as denominator,
        cell.n as value,
        'count' as unit
    from {{ cells }} as cell
    inner join {{ cells }} as total on total.schooljaar = cell.schooljaar and total.category is null
{%- endmacro %}

{#- The cells category_count_rows reads: `rows` (schooljaar, n) summed per schooljaar x `category` and per
    schooljaar (category NULL). -#}
{% macro category_count_cells(rows, category) -%}
    select schooljaar, {{ category }} as category, sum(n) as n from {{ rows }} group by schooljaar, {{ category }}
    union all
    select schooljaar, cast(null as string), sum(n) from {{ rows }} group by schooljaar
{%- endmacro %}
