"""Initial schema: areas, teams, staff, attainments, trainees, cycles, plans, change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('area',
    sa.Column('area_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('population_0_2', sa.Integer(), nullable=True),
    sa.Column('births_per_year', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('area_id')
    )
    op.create_table('change_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_log_at'), ['at'], unique=False)

    op.create_table('placement_cycle',
    sa.Column('cycle_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('cycle_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('solver', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('solver_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('time_limit', sa.Float(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('strict_preferences', sa.Boolean(), nullable=False),
    sa.Column('placed', sa.Integer(), nullable=False),
    sa.Column('upper_bound', sa.Integer(), nullable=False),
    sa.Column('preference_cost', sa.Integer(), nullable=False),
    sa.Column('settings', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['placement_cycle.cycle_id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('team',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('area_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('max_trainees', sa.Integer(), nullable=False),
    sa.Column('families_per_year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.area_id'], ),
    sa.PrimaryKeyConstraint('team_id')
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_area_id'), ['area_id'], unique=False)

    op.create_table('trainee',
    sa.Column('trainee_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('programme', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('max_travel_km', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['placement_cycle.cycle_id'], ),
    sa.PrimaryKeyConstraint('trainee_id')
    )
    with op.batch_alter_table('trainee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainee_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('staff',
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('profession', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('band', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('fte', sa.Float(), nullable=False),
    sa.Column('aimh_level', sa.Integer(), nullable=False),
    sa.Column('working_towards_level', sa.Integer(), nullable=True),
    sa.Column('supervisor', sa.Boolean(), nullable=False),
    sa.Column('max_supervisees', sa.Integer(), nullable=True),
    sa.Column('qualified_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.team_id'], ),
    sa.PrimaryKeyConstraint('staff_id')
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_team_id'), ['team_id'], unique=False)

    op.create_table('trainee_exclusion',
    sa.Column('trainee_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.team_id'], ),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainee.trainee_id'], ),
    sa.PrimaryKeyConstraint('trainee_id', 'team_id')
    )
    op.create_table('trainee_preference',
    sa.Column('trainee_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.team_id'], ),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainee.trainee_id'], ),
    sa.PrimaryKeyConstraint('trainee_id', 'team_id')
    )
    op.create_table('attainment',
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('competency_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('evidenced_on', sa.Date(), nullable=True),
    sa.Column('review_due', sa.Date(), nullable=True),
    sa.Column('assessed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.staff_id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_id', 'competency_id', 'level', name='uq_attainment_staff_competency_level')
    )
    with op.batch_alter_table('attainment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attainment_staff_id'), ['staff_id'], unique=False)

    op.create_table('plan_assignment',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('supervisor_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('preference_rank', sa.Integer(), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['supervisor_id'], ['staff.staff_id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.team_id'], ),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainee.trainee_id'], ),
    sa.PrimaryKeyConstraint('plan_id', 'trainee_id')
    )


def downgrade() -> None:
    op.drop_table('plan_assignment')
    with op.batch_alter_table('attainment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attainment_staff_id'))

    op.drop_table('attainment')
    op.drop_table('trainee_preference')
    op.drop_table('trainee_exclusion')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_team_id'))

    op.drop_table('staff')
    with op.batch_alter_table('trainee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainee_cycle_id'))

    op.drop_table('trainee')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_area_id'))

    op.drop_table('team')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_cycle_id'))

    op.drop_table('plan')
    op.drop_table('placement_cycle')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_log_at'))

    op.drop_table('change_log')
    op.drop_table('area')
