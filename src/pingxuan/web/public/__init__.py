"""Public pages: what a campaign asks for, as the notice and its 附件 write it."""
