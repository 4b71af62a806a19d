{#- The long-form table every BI tool and the report read (architecture.md, mart contract): a plain union
    of the indicator parts, whose one shared contract (models/intermediate/_int_indicator_values__models.yml)
    fixes their columns' names, order and types. A new part is added here and in that file. -#}
select * from {{ ref('int_indicator_values__pupils_lj3') }}
union all select * from {{ ref('int_indicator_values__pupil_composition') }}
union all select * from {{ ref('int_indicator_values__lj4') }}
union all select * from {{ ref('int_indicator_values__regions') }}
union all select * from {{ ref('int_indicator_values__offer') }}
union all select * from {{ ref('int_indicator_values__reachability') }}
union all select * from {{ ref('int_indicator_values__keuzevakken') }}
union all select * from {{ ref('int_indicator_values__doorstroom') }}
union all select * from {{ ref('int_indicator_values__uitval_switch') }}
union all select * from {{ ref('int_indicator_values__exam_results') }}
union all select * from {{ ref('int_indicator_values__schoolverlaters') }}
union all select * from {{ ref('int_indicator_values__teachers') }}
union all select * from {{ ref('int_indicator_values__teachers_vakken') }}
union all select * from {{ ref('int_indicator_values__teachers_opleiding') }}
union all select * from {{ ref('int_indicator_values__teacher_pipeline') }}
union all select * from {{ ref('int_indicator_values__programme') }}
