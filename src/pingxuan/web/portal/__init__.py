"""The unit portal: recommending units enter, check, upload and submit their nominations."""
