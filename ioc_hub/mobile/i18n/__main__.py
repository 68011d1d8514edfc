import sys

from ioc_hub.mobile.i18n import main

sys.exit(main())
